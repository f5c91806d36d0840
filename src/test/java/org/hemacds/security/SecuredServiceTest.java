package org.hemacds.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests against the real HTTP server with security on, trusting {@link TestIssuers}. All
 * subclasses share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SecuredServiceTest {

  static final String ORDER_SELECT = "hematology-order-select";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void issuers(DynamicPropertyRegistry registry) {
    TestIssuers.register(registry);
  }

  String base() {
    return "http://localhost:" + port;
  }

  String serviceUrl(String id) {
    return base() + "/cds-services/" + id;
  }

  static String orderSelectBody(String patientId) {
    return """
        {"hook": "order-select",
         "hookInstance": "%s",
         "context": {
           "userId": "Practitioner/example",
           "patientId": "%s",
           "selections": [],
           "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": []}
         }}
        """
        .formatted(UUID.randomUUID(), patientId);
  }

  HttpResponse<String> post(String url, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  HttpResponse<String> callOrderSelect(String token) {
    return post(serviceUrl(ORDER_SELECT), token, orderSelectBody("pat-123"));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
