package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /cds-services/{id}} below the CDS Hooks envelope: unknown ids, methods, media types
 * and bodies that are not one well-formed JSON object (checklist A, C #16, H).
 */
class InvocationTransportHttpTest extends HttpTestBase {

  private static final String ORDER_SELECT = "/cds-services/hematology-order-select";

  @Test
  void unknownServiceIdIs404() {
    invoke("no-such-service", orderSelect())
        .assertOperationOutcome(404, Set.of("not-found"), "no-such-service");
  }

  @Test
  void oddCharactersInAServiceIdGetAJsonErrorAndNoInjectedHeader() {
    Reply reply = postJson("/cds-services/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "{}");
    assertThat(reply.status()).isIn(400, 404);
    reply.assertOperationOutcome(reply.status(), FHIR_ISSUE_TYPES);
    Reply encoded = postJson("/cds-services/x%0D%0AInjected:%20header", "{}");
    assertThat(encoded.header("Injected")).isNull();
    encoded.assertOperationOutcome(404, Set.of("not-found"));
  }

  @Test
  void unknownServiceIdIs404EvenWithABadBody() {
    postJson("/cds-services/no-such-service", "{not json")
        .assertOperationOutcome(404, Set.of("not-found"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
  void otherMethodsOnAServiceUrlAre405WithAllow(String method) {
    HttpRequest.BodyPublisher body =
        method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(orderSelect()));
    Reply reply =
        send(request(ORDER_SELECT).header("Content-Type", "application/json").method(method, body))
            .assertOperationOutcome(405, Set.of("not-supported"), method);
    assertThat(reply.header("Allow")).as("Allow header").isNotNull().contains("POST");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void otherMethodsOnDiscoveryAre405WithAllow(String method) {
    Reply reply =
        send(request("/cds-services")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}")))
            .assertOperationOutcome(405, Set.of("not-supported"), method);
    assertThat(reply.header("Allow")).as("Allow header").isNotNull().contains("GET");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "text/plain; charset=utf-8",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "multipart/form-data; boundary=x"
      })
  void nonJsonContentTypeIs415(String contentType) {
    send(request(ORDER_SELECT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(orderSelect()))))
        .assertOperationOutcome(415, Set.of("not-supported"), "application/json");
  }

  @Test
  void answersThatMayCarryPatientDataAreNotStoredOrSniffed() {
    Reply cards = invoke("hematology-order-select", orderSelect()).assertStatus(200);
    assertThat(cards.header("Cache-Control")).isEqualTo("no-store");
    assertThat(cards.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Reply refused = postJson(ORDER_SELECT, "[]").assertStatus(400);
    assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
    Reply discovery = get("/cds-services").assertStatus(200);
    assertThat(discovery.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(discovery.header("Cache-Control")).as("discovery may be cached").isNull();
  }

  @Test
  void missingContentTypeIs415() {
    // java.net.http sends no Content-Type unless one is set.
    send(request(ORDER_SELECT)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(orderSelect()))))
        .assertOperationOutcome(415, Set.of("not-supported"), "application/json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "APPLICATION/JSON",
        "application/fhir+json"
      })
  void jsonContentTypesAreAccepted(String contentType) {
    send(request(ORDER_SELECT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(orderSelect()))))
        .assertNoCards();
  }

  @Test
  void anAcceptHeaderOfAnyJsonOrWildcardIsServed() {
    for (String accept : new String[] {"*/*", "application/json", "application/*"}) {
      send(request(ORDER_SELECT)
              .header("Content-Type", "application/json")
              .header("Accept", accept)
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(orderSelect()))))
          .assertNoCards();
    }
  }

  @Test
  void malformedJsonIs400() {
    postJson(ORDER_SELECT, "{\"hook\": \"order-select\", ").assertBadRequest("JSON");
    postJson(ORDER_SELECT, "{hook: 'order-select'}").assertBadRequest("JSON");
    postJson(ORDER_SELECT, "not json at all").assertBadRequest("JSON");
  }

  @Test
  void malformedJsonDiagnosticsDoNotEchoTheBody() {
    // Bodies carry patient data; an error must not quote them.
    Reply reply = postJson(ORDER_SELECT, "{\"patientId\": SECRETPATIENTNAME}").assertBadRequest();
    assertThat(reply.body()).doesNotContain("SECRETPATIENTNAME");
  }

  @Test
  void trailingContentAfterTheObjectIs400() {
    String valid = JSON.writeValueAsString(orderSelect());
    postJson(ORDER_SELECT, valid + " {}").assertBadRequest("JSON");
  }

  @Test
  void jsonArrayBodyIs400() {
    postJson(ORDER_SELECT, "[" + JSON.writeValueAsString(orderSelect()) + "]")
        .assertBadRequest("JSON object");
    postJson(ORDER_SELECT, "[]").assertBadRequest("JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "\"order-select\"", "42", "true"})
  void jsonScalarBodyIs400(String body) {
    postJson(ORDER_SELECT, body).assertBadRequest("JSON object");
  }

  @Test
  void emptyBodyIs400() {
    send(request(ORDER_SELECT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody()))
        .assertBadRequest("empty");
    postJson(ORDER_SELECT, "").assertBadRequest("empty");
  }

  @Test
  void whitespaceOnlyBodyIs400() {
    postJson(ORDER_SELECT, "  \n ").assertBadRequest();
  }

  @Test
  void duplicateKeysAre400AndNameTheKey() {
    String body = JSON.writeValueAsString(orderSelect());
    String duplicated = body.replaceFirst("\\{", "{\"hook\":\"order-sign\",");
    postJson(ORDER_SELECT, duplicated).assertBadRequest("duplicate", "hook");

    String nested =
        body.replace("\"patientId\":\"1288992\"", "\"patientId\":\"1\",\"patientId\":\"2\"");
    assertThat(nested).isNotEqualTo(body);
    postJson(ORDER_SELECT, nested).assertBadRequest("duplicate", "patientId");
  }

  @Test
  void nestingDeeperThanTheDefaultLimitIs400() {
    // cds.limits.max-nesting-depth defaults to 100.
    String deep = "[".repeat(150) + "]".repeat(150);
    String body =
        JSON.writeValueAsString(orderSelect()).replaceFirst("\\{", "{\"x\":" + deep + ",");
    postJson(ORDER_SELECT, body).assertBadRequest("nesting");
  }

  @Test
  void invalidUtf8Is400() {
    byte[] valid = JSON.writeValueAsString(orderSelect()).getBytes(StandardCharsets.UTF_8);
    String text = new String(valid, StandardCharsets.UTF_8);
    int at = text.indexOf("Practitioner/example") + "Practitioner/".length();
    valid[at] = (byte) 0xC3; // starts a two-byte sequence...
    valid[at + 1] = (byte) 0x28; // ...that this byte does not continue
    send(request(ORDER_SELECT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(valid)))
        .assertBadRequest("JSON");
  }
}
