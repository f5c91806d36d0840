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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WireMock plays a FHIR server that misbehaves. Each fault hits the ResearchSubject search of the
 * R01 scenario (aa-1: aplastic anaemia, no APL): data whose absence, if mistaken for "not
 * enrolled", would fire R01 on missing data. Every fault must make that data unavailable, so the
 * service answers 412 (the only triggered rules cannot be decided), never 500 and never the card;
 * and it answers within the FHIR deadline plus one second.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FhirServerFaultsTest extends CdsHttpTestBase {

  private static final Duration BOUND = FHIR_TIMEOUT.plusSeconds(1);
  private static final String FHIR_JSON = "application/fhir+json";

  @BeforeEach
  void reset() {
    SERVERS.resetWireMock();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("http-500", serverError()),
        Arguments.of("http-404", aResponse().withStatus(404).withBody("")),
        Arguments.of("operation-outcome-200", json(200, OPERATION_OUTCOME)),
        Arguments.of("garbage", json(200, "<html><body>Proxy error</body></html>")),
        Arguments.of("not-fhir-json", json(200, "{\"hello\":\"world\"}")),
        Arguments.of(
            "truncated-json", json(200, EMPTY_BUNDLE.substring(0, EMPTY_BUNDLE.length() / 2))),
        Arguments.of(
            "wrong-resource-type",
            json(200, "{\"resourceType\":\"Patient\",\"id\":\"aa-1\",\"gender\":\"female\"}")),
        Arguments.of("connection-reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        Arguments.of("empty-response", aResponse().withFault(Fault.EMPTY_RESPONSE)),
        Arguments.of("malformed-chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aFaultyAnswerMakesTheDataUnavailable(String name, ResponseDefinitionBuilder fault) {
    String base = SERVERS.faultBase(name);
    stubResearchSubjects(name, fault);

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    answer.assertRefusedWith(412);
    assertThat(answer.body()).contains("researchSubjects");
    assertThat(answer.elapsed()).isLessThan(BOUND);
    assertThat(researchSubjectCalls(name)).as("the fault was exercised").isPositive();
  }

  @Test
  void aHangingServerIsCutOffAtTheDeadline() {
    String base = SERVERS.faultBase("hang");
    stubResearchSubjects("hang", bundle(EMPTY_BUNDLE).withFixedDelay(3 * (int) TIMEOUT_MILLIS));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    answer.assertRefusedWith(412);
    assertThat(answer.elapsed()).isGreaterThanOrEqualTo(FHIR_TIMEOUT.minusMillis(100));
    assertThat(answer.elapsed()).isLessThan(BOUND);
  }

  @Test
  void aServerHangingOnEveryQueryIsCutOffAtTheDeadline() {
    String name = "hang-all";
    String base = SERVERS.faultBase(name);
    SERVERS.wireMock.stubFor(
        get(urlPathMatching("/faults/" + name + "/fhir/.*"))
            .atPriority(1)
            .willReturn(bundle(EMPTY_BUNDLE).withFixedDelay(3 * (int) TIMEOUT_MILLIS)));

    Answer answer = invoke(ORDER_SELECT, withServer(request(ORDER_SELECT, "aa-1"), base, null));

    answer.assertRefusedWith(412);
    assertThat(answer.elapsed()).isLessThan(BOUND);
  }

  /**
   * Two queries, each taking 60 % of the deadline: they fit only if run in parallel, and then the
   * card is shown.
   */
  @Test
  void slowButWithinTheDeadlineAnswersWithTheCard() {
    String name = "slow";
    String base = SERVERS.faultBase(name);
    int delay = (int) (TIMEOUT_MILLIS * 6 / 10);
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

  /** A redirect is not followed, not even to a server on the allow-list. */
  @Test
  void aRedirectIsNotFollowed() {
    String name = "redirect";
    String base = SERVERS.faultBase(name);
    String target = SERVERS.faultBase("redirect-target");
    stubResearchSubjects(
        name,
        aResponse()
            .withStatus(302)
            .withHeader("Location", target + "/ResearchSubject?individual=aa-1"));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    answer.assertRefusedWith(412);
    assertThat(answer.elapsed()).isLessThan(BOUND);
    assertThat(researchSubjectCalls(name)).isPositive();
    assertThat(
            SERVERS.wireMock.findAll(
                getRequestedFor(urlPathMatching("/faults/redirect-target/.*"))))
        .as("requests to the redirect target")
        .isEmpty();
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

  /** A body larger than cds.fhir.max-response-size (1 MB in these tests) is not read. */
  @Test
  void anOversizedBodyMakesTheDataUnavailable() {
    String name = "oversized";
    String base = SERVERS.faultBase(name);
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
    big.append("]}");
    stubResearchSubjects(name, bundle(big.toString()));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    answer.assertRefusedWith(412);
    assertThat(answer.elapsed()).isLessThan(BOUND);
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

    answer.assertRefusedWith(412);
    assertThat(answer.elapsed()).isLessThan(BOUND);
    assertThat(researchSubjectCalls(name)).isEqualTo(1);
    assertThat(SERVERS.wireMock.findAll(getRequestedFor(urlPathMatching(forbiddenPath))))
        .as("requests to the next link %s", nextUrl)
        .isEmpty();
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
