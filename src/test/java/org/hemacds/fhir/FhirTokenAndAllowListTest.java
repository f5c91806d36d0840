package org.hemacds.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code fhirAuthorization} token is a transient secret: sent as a bearer token on every call
 * to the request's {@code fhirServer} and to no other server, never in a response, never in a log
 * line (every logger at DEBUG). And a {@code fhirServer} off the allow-list is refused before any
 * request leaves the service.
 */
class FhirTokenAndAllowListTest extends CdsHttpTestBase {

  private final String token = "secret-" + UUID.randomUUID();
  private ListAppender<ILoggingEvent> logs;
  private Level rootLevel;

  @BeforeEach
  void captureLogs() {
    SERVERS.resetWireMock();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void restoreLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    root.setLevel(rootLevel);
  }

  @Test
  void everyFhirCallCarriesTheBearerToken() {
    String base = SERVERS.staticBase("token-all", "aa-1");

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, token));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.hasR01Card()).isTrue();
    List<LoggedRequest> calls = SERVERS.wireMock.findAll(anyRequestedFor(anyUrl()));
    assertThat(calls).isNotEmpty();
    assertThat(calls)
        .allSatisfy(
            call ->
                assertThat(call.getHeader("Authorization"))
                    .as("Authorization on %s", call.getUrl())
                    .isEqualTo("Bearer " + token));
    assertTokenNowhere(answer);
  }

  @Test
  void noTokenGivenMeansNoAuthorizationHeader() {
    String base = SERVERS.staticBase("token-none", "aa-1");

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, null));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(SERVERS.wireMock.findAll(anyRequestedFor(anyUrl()))).isNotEmpty();
    assertThat(SERVERS.wireMock.findAll(anyRequestedFor(anyUrl())))
        .allSatisfy(
            call ->
                assertThat(call.containsHeader("Authorization"))
                    .as("Authorization on %s", call.getUrl())
                    .isFalse());
  }

  @Test
  void theTokenIsNotInA412OrItsLogs() {
    String base = SERVERS.staticBase("token-500", "aa-1");
    SERVERS.wireMock.stubFor(
        get(urlPathMatching("/faults/token-500/fhir/.*"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/fhir+json")
                    // A server that echoes the credential it was given back in its error.
                    .withBody(
                        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
                            + "\"error\",\"code\":\"security\",\"diagnostics\":\"bad token "
                            + token
                            + "\"}]}")));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, token));

    answer.assertRefusedWith(412);
    assertThat(capturedLogs())
        .as("the service's own DEBUG lines were captured")
        .anyMatch(e -> e.getLoggerName().startsWith("org.hemacds."));
    assertTokenNowhere(answer);
  }

  /** A next link to another allowed server is not followed: the token stays with fhirServer. */
  @Test
  void theTokenIsNotSentToAnotherServerNamedInANextLink() {
    String base = SERVERS.staticBase("token-next", "aa-1");
    int hapiCalls = SERVERS.hapi.requestCount();
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/token-next/fhir/ResearchSubject"))
            .atPriority(1)
            .willReturn(
                FhirServerFaultsTest.bundle(
                    FhirServerFaultsTest.bundleWithNext(
                        SERVERS.hapi.baseUrl() + "/ResearchSubject?individual=aa-1"))));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, token));

    FhirServerFaultsTest.assertNoR01CardWithout("researchSubjects", answer);
    assertThat(SERVERS.hapi.requestCount()).as("calls that reached HAPI").isEqualTo(hapiCalls);
    assertTokenNowhere(answer);
  }

  /** A redirect to another allowed server is not followed either. */
  @Test
  void theTokenIsNotSentWhereARedirectPoints() {
    String base = SERVERS.staticBase("token-redirect", "aa-1");
    int hapiCalls = SERVERS.hapi.requestCount();
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/token-redirect/fhir/Condition"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", SERVERS.hapi.baseUrl() + "/Condition?patient=aa-1")));
    SERVERS.wireMock.stubFor(
        get(urlPathEqualTo("/faults/token-redirect/fhir/ResearchSubject"))
            .atPriority(1)
            .willReturn(FhirServerFaultsTest.bundle(FhirServerFaultsTest.EMPTY_BUNDLE)));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), base, token));

    FhirServerFaultsTest.assertNoR01CardWithout("conditions", answer);
    assertThat(SERVERS.hapi.requestCount()).as("calls that reached HAPI").isEqualTo(hapiCalls);
    assertTokenNowhere(answer);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:{wm}/fhir", // the same server by a name not on the list
        "http://127.0.0.1:{wm}/fhir-evil", // a prefix match that is not on a path boundary
        "http://127.0.0.1:{wm}/other/fhir", // another path on an allowed host
        "http://user@127.0.0.1:{wm}/fhir", // user-info hides the real host from naive checks
        "http://127.0.0.1:{wm}@localhost:{wm}/fhir",
        "ftp://127.0.0.1:{wm}/fhir",
        "//127.0.0.1:{wm}/fhir",
        "127.0.0.1:{wm}/fhir"
      })
  void aFhirServerOffTheAllowListIs400AndNothingIsFetched(String fhirServer) {
    String url = fhirServer.replace("{wm}", String.valueOf(SERVERS.wireMock.port()));

    Answer answer = invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), url, token));

    answer.assertRefusedWith(400);
    assertThat(answer.body()).contains("fhirServer");
    assertThat(SERVERS.wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertTokenNowhere(answer);
  }

  @Test
  void anInvalidFhirAuthorizationIs400WithoutEchoingTheToken() {
    ObjectNode body = withServer(request(ORDER_SIGN, "aa-1"), SERVERS.proxyBase(), token);
    ((ObjectNode) body.get("fhirAuthorization")).put("token_type", "MAC " + token);

    Answer answer = invoke(ORDER_SIGN, body);

    answer.assertRefusedWith(400);
    assertThat(SERVERS.wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertTokenNowhere(answer);
  }

  /**
   * Loggers of the test's own FHIR servers (WireMock on Jetty, whose HTTP/2 decoder logs every
   * header it receives at DEBUG, and HAPI's server side): they stand in for the EHR, and what they
   * log is not the service's doing. Nothing of the service runs under these names.
   */
  private static boolean isFakeFhirServer(String logger) {
    return logger.startsWith("org.eclipse.jetty.")
        || logger.startsWith("com.github.tomakehurst.wiremock.")
        || logger.startsWith("wiremock.")
        || logger.startsWith("ca.uhn.fhir.rest.server.");
  }

  /** A snapshot: other threads append while the test reads (AppenderBase locks on itself). */
  private List<ILoggingEvent> capturedLogs() {
    synchronized (logs) {
      return new ArrayList<>(logs.list);
    }
  }

  private void assertTokenNowhere(Answer answer) {
    assertThat(answer.body()).doesNotContain(token);
    assertThat(capturedLogs())
        .as("log events of the service captured at DEBUG")
        .anyMatch(e -> !isFakeFhirServer(e.getLoggerName()));
    for (ILoggingEvent event : capturedLogs()) {
      if (isFakeFhirServer(event.getLoggerName())) {
        continue;
      }
      assertThat(event.getFormattedMessage())
          .as("log line from %s", event.getLoggerName())
          .doesNotContain(token);
      assertThat(String.valueOf(event.getMDCPropertyMap()))
          .as("MDC of a log line from %s", event.getLoggerName())
          .doesNotContain(token);
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        assertThat(t.getMessage() == null ? "" : t.getMessage())
            .as("exception logged by %s", event.getLoggerName())
            .doesNotContain(token);
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          assertThat(frame.getSTEAsString()).doesNotContain(token);
        }
      }
    }
  }
}
