package org.hemacds.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The demo page and its read-only patient endpoints (see DemoPageDisabledTest for off). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoPageHttpTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @LocalServerPort int port;

  @Test
  void thePageAndItsScriptsAreServedWithoutAnyExternalResource() {
    HttpResponse<String> page = get(port, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).contains("text/html");
    assertThat(page.body()).contains("Demo EHR", "Content-Security-Policy");
    for (String asset :
        List.of("/demo/app.js", "/demo/cds-client.js", "/demo/markdown.js", "/demo/app.css")) {
      HttpResponse<String> response = get(port, asset);
      assertThat(response.statusCode()).as(asset).isEqualTo(200);
      assertThat(response.body())
          .as(asset + " loads nothing from elsewhere")
          .doesNotContain("//cdn.", "googleapis", "unpkg", "jsdelivr");
    }
    assertThat(get(port, "/demo/app.js").body())
        .as("no HTML parsing of service or chart text")
        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
  }

  @Test
  void patientsAreTheSamplePatientsWithChartsDatedToday() {
    JsonNode patients = JSON.readTree(get(port, "/demo/patients").body()).path("patients");
    List<String> ids = new ArrayList<>();
    patients.forEach(p -> ids.add(p.path("id").asString()));
    assertThat(ids).contains("aa-001", "apl-001", "mds-002", "onc-004", "onc-005", "mds-005");
    JsonNode first = patients.get(0);
    assertThat(first.path("name").asString()).isEqualTo("Jonas Berger");
    assertThat(first.path("scenario").asString()).contains("aplastic anaemia");

    JsonNode chart = JSON.readTree(get(port, "/demo/patients/aa-001").body());
    assertThat(chart.path("resourceType").asString()).isEqualTo("Bundle");
    assertThat(chart.path("entry").get(0).path("resource").path("resourceType").asString())
        .isEqualTo("Patient");
    String latestHb = null;
    for (JsonNode entry : chart.path("entry")) {
      if (entry.path("resource").path("id").asString().equals("aa-001-hb")) {
        latestHb = entry.path("resource").path("effectiveDateTime").asString();
      }
    }
    assertThat(LocalDate.parse(latestHb.substring(0, 10)))
        .as("the Hb the sample dates 3 days before the anchor is 3 days old today")
        .isEqualTo(LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3));
    assertThat(get(port, "/demo/patients/nobody").statusCode()).isEqualTo(404);
  }
}
