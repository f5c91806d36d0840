package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hemacds.hooks.HttpTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CORS for browser EHRs such as the CDS Hooks sandbox (interface.md; checklist G #73): preflights
 * succeed without a token and allow Authorization, Content-Type and Accept, and every answer
 * carries Access-Control-Allow-Origin. The 413 case is in {@code BodyLimitsHttpTest}.
 */
class CorsHttpTest extends HttpTestBase {

  private static final String SERVICE = "/cds-services/hematology-order-select";

  private Reply preflight(String path, String method, String headers) {
    return send(
        request(path)
            .header("Origin", ORIGIN)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", headers)
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  private static List<String> lowerCaseList(String header) {
    assertThat(header).isNotNull();
    return Arrays.stream(header.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static void assertAllowsOrigin(Reply reply) {
    assertThat(reply.header("Access-Control-Allow-Origin"))
        .as("Access-Control-Allow-Origin on a %s", reply.status())
        .isIn("*", ORIGIN);
  }

  @ParameterizedTest
  @ValueSource(strings = {SERVICE, "/cds-services/hematology-patient-view"})
  void preflightOfAServiceCallSucceedsWithoutAToken(String path) {
    Reply reply = preflight(path, "POST", "authorization,content-type,accept");
    assertThat(reply.status()).as("preflight status").isBetween(200, 299);
    assertAllowsOrigin(reply);
    assertThat(lowerCaseList(reply.header("Access-Control-Allow-Headers")))
        .contains("authorization", "content-type", "accept");
    assertThat(lowerCaseList(reply.header("Access-Control-Allow-Methods"))).contains("post");
  }

  @Test
  void preflightOfDiscoverySucceeds() {
    Reply reply = preflight("/cds-services", "GET", "authorization,accept");
    assertThat(reply.status()).as("preflight status").isBetween(200, 299);
    assertAllowsOrigin(reply);
    assertThat(lowerCaseList(reply.header("Access-Control-Allow-Headers")))
        .contains("authorization", "accept");
    assertThat(lowerCaseList(reply.header("Access-Control-Allow-Methods"))).contains("get");
  }

  @Test
  void preflightWithMixedCaseHeaderNamesSucceeds() {
    Reply reply = preflight(SERVICE, "POST", "Authorization, Content-Type, Accept");
    assertThat(reply.status()).isBetween(200, 299);
    assertAllowsOrigin(reply);
  }

  @Test
  void preflightOfAnUnknownServiceSucceeds() {
    // The browser must get to see the 404 itself, not a CORS failure.
    Reply reply = preflight("/cds-services/no-such-service", "POST", "content-type");
    assertThat(reply.status()).isBetween(200, 299);
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOnDiscovery200() {
    Reply reply = send(request("/cds-services").header("Origin", ORIGIN).GET()).assertStatus(200);
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOnServiceCall200() {
    Reply reply =
        postWithOrigin(SERVICE, JSON.writeValueAsString(orderSelect()), "application/json");
    reply.assertNoCards();
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOn400() {
    Reply reply = postWithOrigin(SERVICE, "{\"hook\":", "application/json").assertBadRequest();
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOn404ForAnUnknownService() {
    Reply reply =
        postWithOrigin(
                "/cds-services/no-such-service",
                JSON.writeValueAsString(orderSelect()),
                "application/json")
            .assertOperationOutcome(404, Set.of("not-found"));
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOn404ForAnUnknownPath() {
    Reply reply =
        send(request("/no/such/path").header("Origin", ORIGIN).GET())
            .assertOperationOutcome(404, Set.of("not-found"));
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOn405() {
    Reply reply =
        send(request(SERVICE).header("Origin", ORIGIN).GET())
            .assertOperationOutcome(405, Set.of("not-supported"));
    assertAllowsOrigin(reply);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
  void aMethodThePathDoesNotTakeIsAJson405WithTheOriginAllowed(String method) {
    Reply reply =
        send(request(SERVICE)
                .header("Origin", ORIGIN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}")))
            .assertOperationOutcome(405, Set.of("not-supported"));
    assertAllowsOrigin(reply);
    assertThat(reply.header("Allow")).isEqualTo("POST");
  }

  @Test
  void originIsAllowedOnTheContainers400ForOversizedHeaders() {
    Reply reply =
        send(request(SERVICE)
                .header("Origin", ORIGIN)
                .header("X-Big", "x".repeat(20_000))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))
            .assertOperationOutcome(400, Set.of("invalid"), "header is too large");
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOn415() {
    Reply reply =
        postWithOrigin(SERVICE, JSON.writeValueAsString(orderSelect()), "text/plain")
            .assertOperationOutcome(415, Set.of("not-supported"));
    assertAllowsOrigin(reply);
  }

  @Test
  void originIsAllowedOnHealth() {
    Reply reply =
        send(request("/actuator/health").header("Origin", ORIGIN).GET()).assertStatus(200);
    assertAllowsOrigin(reply);
  }

  @Test
  void noCredentialsAreAllowed() {
    // Calls carry a JWT, not cookies; a wildcard origin with credentials would be unsafe.
    Reply reply = preflight(SERVICE, "POST", "authorization,content-type");
    assertThat(reply.header("Access-Control-Allow-Credentials")).isNotEqualTo("true");
  }

  private Reply postWithOrigin(String path, String body, String contentType) {
    return send(
        request(path)
            .header("Origin", ORIGIN)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
