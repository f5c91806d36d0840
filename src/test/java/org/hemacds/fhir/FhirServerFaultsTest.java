package org.hemacds.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WireMock plays a FHIR server that misbehaves, for the R01 scenario (aa-1: aplastic anaemia, no
 * APL, no trial). Every fault makes the data it touches unavailable, and the service answers within
 * the FHIR deadline plus one second, never with 500:
 *
 * <ul>
 *   <li>a fault on <em>every</em> query: no triggered rule can be decided, so 412;
 *   <li>a fault on the ResearchSubject search only: data whose absence, if mistaken for "not
 *       enrolled", would fire R01 on missing data. R01 must stay silent: 412 while no other card
 *       can be shown (today: R01 is the only triggered rule), otherwise 200 with the other rules'
 *       cards and never R01's.
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FhirServerFaultsTest extends CdsHttpTestBase {

  private static final Duration BOUND = FHIR_TIMEOUT.plusSeconds(1);
  private static final String FHIR_JSON = "application/fhir+json";

  /** Which queries a fault hits. */
  enum Scope {
    EVERY_QUERY,
    RESEARCH_SUBJECTS_ONLY
  }

  @BeforeEach
  void reset() {
    SERVERS.resetWireMock();
  }

  static Stream<Arguments> faults() {
    Map<String, Supplier<ResponseDefinitionBuilder>> faults = new LinkedHashMap<>();
    faults.put("http-500", FhirServerFaultsTest::serverError);
    faults.put("http-404", () -> aResponse().withStatus(404).withBody(""));
    faults.put("operation-outcome-200", () -> json(200, OPERATION_OUTCOME));
    faults.put("garbage", () -> json(200, "<html><body>Proxy error</body></html>"));
    faults.put("not-fhir-json", () -> json(200, "{\"hello\":\"world\"}"));
    faults.put(
        "truncated-json", () -> json(200, EMPTY_BUNDLE.substring(0, EMPTY_BUNDLE.length() / 2)));
    faults.put(
        "wrong-resource-type",
        () -> json(200, "{\"resourceType\":\"Patient\",\"id\":\"aa-1\",\"gender\":\"female\"}"));
    faults.put("connection-reset", () -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    faults.put("empty-response", () -> aResponse().withFault(Fault.EMPTY_RESPONSE));
    faults.put("malformed-chunk", () -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    faults.put(
        "redirect",
        () ->
            aResponse()
                .withStatus(302)
                .withHeader(
                    "Location", SERVERS.wireMockOrigin() + "/faults/redirect-target/fhir/x"));
    faults.put(
        "next-link-other-host",
        () ->
            bundle(
                bundleWithNext(
                    "http://localhost:" + SERVERS.wireMock.port() + "/faults/elsewhere/fhir/x")));
    faults.put(
        "next-link-other-base",
        () -> bundle(bundleWithNext(SERVERS.wireMockOrigin() + "/faults/elsewhere/fhir/x")));
    faults.put("oversized", () -> bundle(oversizedBundle()));
    faults.put("hang", () -> bundle(EMPTY_BUNDLE).withFixedDelay(3 * (int) TIMEOUT_MILLIS));
    List<Arguments> all = new ArrayList<>();
    for (Scope scope : Scope.values()) {
      faults.forEach((name, fault) -> all.add(Arguments.of(name, scope, fault)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("faults")
  void aFaultyAnswerMakesTheDataUnavailable(
      String fault, Scope scope, Supplier<ResponseDefinitionBuilder> response) {
    String name = fault + "-" + scope.name().toLowerCase(java.util.Locale.ROOT);
    String base = SERVERS.faultBase(name);
    if (scope == Scope.EVERY_QUERY) {
      stubEveryQuery(name, response.get());
    } else {
      stubResearchSubjects(name, response.get());
    }

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    assertThat(answer.elapsed()).isLessThan(BOUND);
    assertThat(researchSubjectCalls(name)).as("the fault was exercised").isPositive();
    if (scope == Scope.EVERY_QUERY) {
      answer.assertRefusedWith(412);
    } else {
      assertNoR01CardWithout("researchSubjects", answer);
    }
    if (fault.equals("hang")) {
      assertThat(answer.elapsed()).isGreaterThanOrEqualTo(FHIR_TIMEOUT.minusMillis(100));
    }
    assertThat(
            SERVERS.wireMock.findAll(
                getRequestedFor(urlPathMatching("/faults/(redirect-target|elsewhere)/.*"))))
        .as("requests to where a redirect or next link pointed")
        .isEmpty();
  }

  /**
   * Two queries, each taking 55 % of the deadline: they fit only if run in parallel, and then the
   * card is shown.
   */
  @Test
  void slowButWithinTheDeadlineAnswersWithTheCard() {
    String name = "slow";
    String base = SERVERS.faultBase(name);
    int delay = (int) (TIMEOUT_MILLIS * 55 / 100);
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/" + name + "/fhir/Condition"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .proxiedFrom(SERVERS.hapi.origin())
                    .withProxyUrlPrefixToRemove("/faults/" + name)
                    .withFixedDelay(delay)));
    stubResearchSubjects(name, bundle(EMPTY_BUNDLE).withFixedDelay(delay));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.hasR01Card()).as(answer.body()).isTrue();
    assertThat(answer.elapsed()).isLessThan(BOUND);
  }

  /** A next link to another host (here: the same machine by another name) is not followed. */
  @Test
  void aNextLinkToAnotherHostIsNotFollowed() {
    String name = "next-elsewhere";
    String elsewhere =
        "http://localhost:" + SERVERS.wireMock.port() + "/faults/elsewhere/fhir/ResearchSubject";
    assertNextLinkNotFollowed(name, elsewhere + "?page=2", "/faults/elsewhere/.*");
  }

  /** Nor is a next link to another base path on the same host (another FHIR server). */
  @Test
  void aNextLinkToAnotherBaseOnTheSameHostIsNotFollowed() {
    String name = "next-other-base";
    String other = SERVERS.faultBase("other-base") + "/ResearchSubject?page=2";
    assertNextLinkNotFollowed(name, other, "/faults/other-base/.*");
  }

  /** A next link that the server does answer, on its own base, is followed to the end. */
  @Test
  void aNextLinkOnTheSameServerIsFollowed() {
    String name = "next-same";
    String base = SERVERS.faultBase(name);
    String page2 = base + "/ResearchSubject?individual=aa-1&page=2";
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/" + name + "/fhir/ResearchSubject"))
            .withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .atPriority(1)
            .willReturn(bundle(bundleWithNext(page2))));
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/" + name + "/fhir/ResearchSubject"))
            .withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2"))
            .atPriority(1)
            .willReturn(bundle(ACTIVE_ENROLMENT_BUNDLE)));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.hasR01Card())
        .as("the enrolment on page 2 silences R01: %s", answer.body())
        .isFalse();
    assertThat(researchSubjectCalls(name)).isEqualTo(2);
  }

  private void assertNextLinkNotFollowed(String name, String nextUrl, String forbiddenPath) {
    String base = SERVERS.faultBase(name);
    // Were page 2 read, it would hold the active enrolment; read as complete, page 1 says none.
    SERVERS.wireMock.stubFor(
        get(urlPathMatching(forbiddenPath))
            .atPriority(1)
            .willReturn(bundle(ACTIVE_ENROLMENT_BUNDLE)));
    stubResearchSubjects(name, bundle(bundleWithNext(nextUrl)));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    assertNoR01CardWithout("researchSubjects", answer);
    assertThat(answer.elapsed()).isLessThan(BOUND);
    assertThat(researchSubjectCalls(name)).isEqualTo(1);
    assertThat(SERVERS.wireMock.findAll(getRequestedFor(urlPathMatching(forbiddenPath))))
        .as("requests to the next link %s", nextUrl)
        .isEmpty();
  }

  /**
   * Without the data of {@code key} R01 cannot be decided: no R01 card, never 500, never an empty
   * 200 (it would read as "nothing to advise"). 412 naming the key while no other card can be
   * shown; 200 only with other rules' cards.
   */
  static void assertNoR01CardWithout(String key, Answer answer) {
    assertThat(answer.status()).as(answer.body()).isIn(200, 412);
    if (answer.status() == 412) {
      answer.assertRefusedWith(412);
      assertThat(answer.body()).contains(key);
    } else {
      assertThat(answer.cards()).as("an empty 200 on missing data").isNotEmpty();
      assertThat(answer.hasR01Card()).as("R01 on missing data: %s", answer.body()).isFalse();
    }
  }

  private static void stubEveryQuery(String name, ResponseDefinitionBuilder response) {
    SERVERS.wireMock.stubFor(
        get(urlPathMatching("/faults/" + name + "/fhir(/.*)?")).atPriority(1).willReturn(response));
  }

  private static String oversizedBundle() {
    // Valid FHIR: were it read, it would say "not enrolled" and R01 would fire.
    StringBuilder big =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
    String entry =
        "{\"resource\":{\"resourceType\":\"ResearchSubject\",\"status\":\"withdrawn\","
            + "\"study\":{\"reference\":\"ResearchStudy/x\"},"
            + "\"individual\":{\"reference\":\"Patient/someone-else\"}}}";
    int n = 0;
    while (big.length() < 1_300_000) {
      big.append(n++ == 0 ? "" : ",").append(entry);
    }
    return big.append("]}").toString();
  }

  private static void stubResearchSubjects(String name, ResponseDefinitionBuilder response) {
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/" + name + "/fhir/ResearchSubject"))
            .atPriority(1)
            .willReturn(response));
  }

  private static int researchSubjectCalls(String name) {
    return SERVERS
        .wireMock
        .findAll(getRequestedFor(urlPathEqualTo("/faults/" + name + "/fhir/ResearchSubject")))
        .size();
  }

  static final String OPERATION_OUTCOME =
      "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
          + "\"code\":\"exception\",\"diagnostics\":\"Database unavailable\"}]}";

  static final String EMPTY_BUNDLE =
      "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"link\":[{\"relation\":"
          + "\"self\",\"url\":\"http://example.org/fhir/ResearchSubject\"}]}";

  static final String ACTIVE_ENROLMENT_BUNDLE =
      "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
          + "{\"resourceType\":\"ResearchSubject\",\"id\":\"rs-page2\",\"status\":\"on-study\","
          + "\"study\":{\"reference\":\"ResearchStudy/ato-saa\"},"
          + "\"individual\":{\"reference\":\"Patient/aa-1\"},\"period\":{\"start\":\"2025-01-01\"}}}]}";

  static String bundleWithNext(String nextUrl) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\","
        + "\"url\":\""
        + nextUrl
        + "\"}],\"entry\":[]}";
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", FHIR_JSON).withBody(body);
  }

  static ResponseDefinitionBuilder bundle(String body) {
    return json(200, body);
  }

  static ResponseDefinitionBuilder serverError() {
    return json(500, OPERATION_OUTCOME);
  }
}
