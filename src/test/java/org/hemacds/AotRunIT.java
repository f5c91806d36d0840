package org.hemacds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run jar of {@code ./mvnw spring-boot:run} as a real process, with the AOT-processed bean
 * definitions that verify put into it and without them: discovery and the cards of every sample
 * request are the same both ways, and a property that decides a condition gives the regular start.
 * Run by {@code ./mvnw verify} (failsafe), after process-aot; not with {@code -Dcds.training.skip}.
 */
@DisabledIfSystemProperty(
    named = "hemacds.aot.skipped",
    matches = "true",
    disabledReason = "-Dcds.training.skip: no AOT processing in this build")
class AotRunIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void theAotProcessedStartAnswersAsTheRegularOne() throws Exception {
    Service aot = Service.start(dir, "aot", true, List.of());
    try {
      Service regular = Service.start(dir, "regular", false, List.of());
      try {
        assertThat(aot.log()).contains("Starting AOT-processed HematologyCdsApplication");
        assertThat(regular.log()).doesNotContain("AOT-processed");

        assertThat(aot.get("/cds-services")).isEqualTo(regular.get("/cds-services"));

        JsonNode samples = regular.get("/demo/samples").path("samples");
        assertThat(samples.size()).isGreaterThanOrEqualTo(30);
        for (JsonNode sample : samples) {
          String file = sample.path("file").asString();
          String service = sample.path("service").asString();
          String request = regular.get("/demo/samples/" + file).toString();
          JsonNode expected = withoutUuids(regular.invoke(service, request));
          assertThat(withoutUuids(aot.invoke(service, request))).as(file).isEqualTo(expected);
          if (!sample.path("rules").isEmpty()) {
            assertThat(expected.path("cards").size()).as(file + " fires rules").isPositive();
          }
        }
      } finally {
        regular.stop();
      }
    } finally {
      aot.stop();
    }
  }

  @Test
  void aPropertyThatDecidesAConditionGivesTheRegularStart() throws Exception {
    Service service = Service.start(dir, "demo-off", true, List.of("--cds.demo.enabled=false"));
    try {
      assertThat(service.log())
          .contains(
              "Starting without the AOT-processed bean definitions: --cds.demo.enabled is given")
          .doesNotContain("Starting AOT-processed");
      // Generated for the defaults, the demo's beans would exist; the regular start has none.
      assertThat(service.status("/demo/samples")).isEqualTo(404);
      assertThat(service.tokenStatus()).isEqualTo(404);
    } finally {
      service.stop();
    }
  }

  /** The answer without the random uuids of cards and suggestions. */
  private static JsonNode withoutUuids(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("uuid");
    }
    node.forEach(AotRunIT::strip);
  }

  /** One process of the run jar on its runtime classpath, with or without the generated code. */
  private record Service(ServiceProcess process) {

    static Service start(Path dir, String name, boolean aot, List<String> arguments)
        throws Exception {
      Path jar = Path.of(System.getProperty("hemacds.run.jar", "target/run/x-run.jar"));
      Path classpath = Path.of(System.getProperty("hemacds.run.classpath", "x"));
      assertThat(jar).as("run ./mvnw verify: process-aot writes the run jar first").exists();
      assertThat(classpath).exists();
      List<String> all =
          new ArrayList<>(
              List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve(name).resolve("db")));
      all.addAll(arguments);
      return new Service(
          ServiceProcess.start(
              dir,
              name,
              aot ? List.of("-D" + AotMode.ENABLED + "=true") : List.of(),
              List.of(
                  "-cp",
                  jar.toAbsolutePath() + File.pathSeparator + Files.readString(classpath).strip(),
                  HematologyCdsApplication.class.getName()),
              all));
    }

    String log() throws IOException {
      return process.log();
    }

    JsonNode get(String path) throws Exception {
      HttpResponse<String> response = process.send(process.request(path).GET());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    int status(String path) throws Exception {
      return process.status(path);
    }

    int tokenStatus() throws Exception {
      return process.send(tokenRequest("hematology-order-select")).statusCode();
    }

    JsonNode invoke(String serviceId, String body) throws Exception {
      HttpResponse<String> token = process.send(tokenRequest(serviceId));
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      HttpResponse<String> response =
          process.send(
              process
                  .request("/cds-services/" + serviceId)
                  .header("Content-Type", "application/json")
                  .header(
                      "Authorization",
                      "Bearer " + JSON.readTree(token.body()).path("token").asString())
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    private HttpRequest.Builder tokenRequest(String serviceId) {
      String aud = "http://localhost:" + process.port() + "/cds-services/" + serviceId;
      return process
          .request("/demo/token")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"aud\":\"" + aud + "\"}"));
    }

    void stop() throws InterruptedException {
      process.stop();
    }
  }
}
