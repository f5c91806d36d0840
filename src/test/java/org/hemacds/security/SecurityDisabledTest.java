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

/**
 * {@code cds.security.enabled=false}: every caller is trusted, and startup says so. The extra
 * property gives this class its own application context: with exactly HttpTestBase's properties it
 * reused that cached context when a hooks test ran first, and the startup warning it checks was
 * never printed.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"cds.security.enabled=false", "spring.application.name=security-disabled-test"})
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
