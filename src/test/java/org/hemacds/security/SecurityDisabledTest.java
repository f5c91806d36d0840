package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code cds.security.enabled=false}: every caller is trusted, and startup says so. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // A context of its own: the HTTP tests share one with the same security setting, and the
    // startup warning is only written (and captured) when a context starts.
    properties = {"cds.security.enabled=false", "cds.test.context=security-disabled"})
class SecurityDisabledTest {

  @LocalServerPort int port;

  @Test
  void callsWithoutATokenGoThroughAndStartupWarns(CapturedOutput output) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:" + port + "/cds-services/hematology-order-select"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            SecuredServiceTest.orderSelectBody("pat-1")))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(output.getAll()).contains("WARN").contains("EVERY caller is trusted");
  }
}
