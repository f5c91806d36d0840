package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** With the demo off and no issuer configured, nothing is trusted and no token is minted. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "cds.demo.enabled=false")
class DemoDisabledTest {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void noDemoIssuerNoTokenEndpoint() throws Exception {
    String aud = "http://localhost:" + port + "/cds-services/hematology-order-select";
    assertThat(context.getBeanProvider(LocalTokenIssuer.class).getIfAvailable()).isNull();
    assertThat(post("/demo/token", null, "{\"aud\": \"" + aud + "\"}").statusCode()).isEqualTo(404);

    // A token from a demo issuer of another process (same iss, other key) is not trusted.
    String foreignDemoToken = new LocalTokenIssuer().mint(aud);
    HttpResponse<String> response =
        post(
            "/cds-services/hematology-order-select",
            foreignDemoToken,
            SecuredServiceTest.orderSelectBody("pat-1"));
    assertThat(response.statusCode()).isEqualTo(401);
  }
}
