package org.hemacds.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With {@code cds.demo.enabled=false} (production) there is no demo page, patient or sample. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "cds.demo.enabled=false")
class DemoPageDisabledTest {

  @LocalServerPort int port;

  @Test
  void noPageNoPatientsNoSamples() {
    for (String path :
        List.of(
            "/",
            "/index.html",
            "/demo/app.js",
            "/demo/patients",
            "/demo/patients/aa-001",
            "/demo/samples")) {
      assertThat(DemoPageHttpTest.get(port, path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(DemoPageHttpTest.get(port, "/cds-services").statusCode()).isEqualTo(200);
  }
}
