package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code /actuator/health}, and paths the service does not have (checklist H #74, #75). */
class HealthAndUnknownPathsHttpTest extends HttpTestBase {

  @Test
  void healthIsUp() {
    Reply reply = get("/actuator/health").assertStatus(200);
    assertThat(reply.json().path("status").asString("")).isEqualTo("UP");
  }

  @Test
  void healthAsPlainJsonIsStatusUp() {
    Reply reply =
        send(request("/actuator/health").header("Accept", "application/json").GET())
            .assertStatus(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.path("status").asString("")).isEqualTo("UP");
    // With probes enabled Actuator also lists the probe groups; nothing else (no components).
    List<String> fields = new ArrayList<>();
    body.properties().forEach(e -> fields.add(e.getKey()));
    assertThat(fields).contains("status").isSubsetOf("status", "groups");
  }

  @Test
  void livenessAndReadinessProbesAreUp() {
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      Reply reply = get(probe).assertStatus(200);
      assertThat(reply.json().path("status").asString("")).as(probe).isEqualTo("UP");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/no/such/path",
        "/cds-services/",
        "/cds-services/hematology-order-select/extra/segments",
        "/cds-service",
        "/actuator/env",
        "/actuator/beans",
        "/actuator/heapdump",
        "/error/x",
        "/favicon.ico.missing"
      })
  void unknownGetPathsAre404Json(String path) {
    Reply reply = get(path);
    assertThat(reply.status()).as("%s: %s", path, reply.body()).isIn(400, 404);
    reply.assertOperationOutcome(reply.status(), FHIR_ISSUE_TYPES);
  }

  @Test
  void aUriThatTomcatRejectsItselfGetsAJsonBody() {
    // Refused before any servlet runs (the encoded dot segments); still an OperationOutcome.
    get("/%2e%2e/etc/passwd").assertOperationOutcome(400, INVALID_CODES);
  }

  @Test
  void aPlainUnknownPathIs404NotFound() {
    get("/no/such/path").assertOperationOutcome(404, Set.of("not-found"));
  }

  @Test
  void unknownPostPathIs404Json() {
    Reply reply =
        send(
            request("/no/such/path")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(reply.status()).as(reply.body()).isIn(404, 405);
    reply.assertOperationOutcome(reply.status(), FHIR_ISSUE_TYPES);
  }

  @Test
  void unsupportedAcceptIsAClientErrorNotA500() {
    Reply reply =
        send(
            request("/cds-services/hematology-order-select")
                .header("Content-Type", "application/json")
                .header("Accept", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(orderSelect()))));
    assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
  }

  @Test
  void theErrorEndpointItselfAnswersJson() {
    Reply reply = get("/error");
    assertThat(reply.status()).isBetween(400, 499);
    reply.assertOperationOutcome(reply.status(), FHIR_ISSUE_TYPES);
  }
}
