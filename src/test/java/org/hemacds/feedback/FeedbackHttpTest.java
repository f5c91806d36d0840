package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.accepted;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /cds-services/{id}/feedback} over real HTTP: every field rule, the spec's examples,
 * idempotency, and what the analytics read back after a real card was shown.
 */
@FeedbackServerTest
class FeedbackHttpTest {

  private static final String CARD = "4e0a3a1e-3283-4575-ab82-028d55fe2719";
  private static final String R01_REASONS = "urn:hematology-cds:override-reason";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired JdbcCardLog cardLog;

  private FeedbackHttp http;

  @BeforeEach
  void client() {
    http = FeedbackHttp.onPort(port);
  }

  // ---- validation ------------------------------------------------------------------------

  /** A valid item, changed by each case into an invalid one. */
  private static ObjectNode item() {
    return accepted(CARD, "e56e1945-20b3-4393-8503-a1a20fd73152");
  }

  static Stream<Arguments> invalidBodies() {
    ObjectNode noCard = item();
    noCard.remove("card");
    ObjectNode numberCard = item();
    numberCard.put("card", 42);
    ObjectNode emptyCard = item();
    emptyCard.put("card", "");
    ObjectNode longCard = item();
    longCard.put("card", "x".repeat(129));
    ObjectNode nullCard = item();
    nullCard.putNull("card");
    ObjectNode noOutcome = item();
    noOutcome.remove("outcome");
    ObjectNode badOutcome = item();
    badOutcome.put("outcome", "dismissed");
    ObjectNode numberOutcome = item();
    numberOutcome.put("outcome", 1);
    ObjectNode noTime = item();
    noTime.remove("outcomeTimestamp");
    ObjectNode dateOnly = item();
    dateOnly.put("outcomeTimestamp", "2021-12-11");
    ObjectNode noZone = item();
    noZone.put("outcomeTimestamp", "2021-12-11T10:05:31");
    ObjectNode badMonth = item();
    badMonth.put("outcomeTimestamp", "2021-13-11T10:05:31Z");
    ObjectNode numberTime = item();
    numberTime.put("outcomeTimestamp", 1639217131);
    ObjectNode acceptedWithout = item();
    acceptedWithout.remove("acceptedSuggestions");
    ObjectNode acceptedEmpty = item();
    acceptedEmpty.putArray("acceptedSuggestions");
    ObjectNode suggestionsObject = item();
    suggestionsObject.putObject("acceptedSuggestions").put("id", "x");
    ObjectNode suggestionString = item();
    suggestionString.putArray("acceptedSuggestions").add("e56e1945");
    ObjectNode suggestionNoId = item();
    suggestionNoId.putArray("acceptedSuggestions").addObject();
    ObjectNode overriddenWithSuggestions = overridden(CARD);
    overriddenWithSuggestions.putArray("acceptedSuggestions").addObject().put("id", "x");
    ObjectNode acceptedWithReason = item();
    acceptedWithReason.putObject("overrideReason").put("userComment", "why");
    ObjectNode reasonString = overridden(CARD);
    reasonString.put("overrideReason", "because");
    ObjectNode reasonEmpty = overridden(CARD);
    reasonEmpty.putObject("overrideReason");
    ObjectNode codingNoCode = overridden(CARD);
    codingNoCode.putObject("overrideReason").putObject("reason").put("system", "urn:x");
    ObjectNode codingString = overridden(CARD);
    codingString.putObject("overrideReason").put("reason", "hematologist-decision");
    ObjectNode systemNumber = overridden(CARD, null, "c", null);
    ((ObjectNode) systemNumber.path("overrideReason").path("reason")).put("system", 7);
    ObjectNode commentNumber = overridden(CARD);
    commentNumber.putObject("overrideReason").put("userComment", 7);
    ObjectNode commentLong = overridden(CARD, null, null, "x".repeat(4001));
    ObjectNode codeWithNewline = overridden(CARD, null, "a\nb", null);
    return Stream.of(
        Arguments.of("[]", "'feedback'"),
        Arguments.of("{}", "'feedback' is required"),
        Arguments.of("{\"feedback\": null}", "'feedback' is required"),
        Arguments.of("{\"feedback\": {}}", "'feedback' must be an array"),
        Arguments.of("{\"feedback\": []}", "'feedback' must hold at least one"),
        Arguments.of("{\"feedback\": [1]}", "'feedback[0]' must be a JSON object"),
        Arguments.of(body(noCard), "'feedback[0].card' is required"),
        Arguments.of(body(nullCard), "'feedback[0].card' is required"),
        Arguments.of(body(numberCard), "'feedback[0].card' must be a string"),
        Arguments.of(body(emptyCard), "'feedback[0].card' must not be empty"),
        Arguments.of(body(longCard), "'feedback[0].card' is longer than 128"),
        Arguments.of(body(noOutcome), "'feedback[0].outcome' is required"),
        Arguments.of(body(badOutcome), "'feedback[0].outcome' must be 'accepted' or 'overridden'"),
        Arguments.of(body(numberOutcome), "'feedback[0].outcome' must be a string"),
        Arguments.of(body(noTime), "'feedback[0].outcomeTimestamp' is required"),
        Arguments.of(body(dateOnly), "'feedback[0].outcomeTimestamp' must be an RFC 3339"),
        Arguments.of(body(noZone), "'feedback[0].outcomeTimestamp' must be an RFC 3339"),
        Arguments.of(body(badMonth), "'feedback[0].outcomeTimestamp' is not a valid date-time"),
        Arguments.of(body(numberTime), "'feedback[0].outcomeTimestamp' must be a string"),
        Arguments.of(
            body(acceptedWithout),
            "'feedback[0].acceptedSuggestions' is required when outcome is 'accepted'"),
        Arguments.of(
            body(acceptedEmpty), "'feedback[0].acceptedSuggestions' must name at least one"),
        Arguments.of(body(suggestionsObject), "'feedback[0].acceptedSuggestions' must be an array"),
        Arguments.of(
            body(suggestionString), "'feedback[0].acceptedSuggestions[0]' must be an object"),
        Arguments.of(body(suggestionNoId), "'feedback[0].acceptedSuggestions[0].id' is required"),
        Arguments.of(
            body(overriddenWithSuggestions),
            "'feedback[0].acceptedSuggestions' is only allowed when outcome is 'accepted'"),
        Arguments.of(
            body(acceptedWithReason),
            "'feedback[0].overrideReason' is only allowed when outcome is 'overridden'"),
        Arguments.of(body(reasonString), "'feedback[0].overrideReason' must be an object"),
        Arguments.of(
            body(reasonEmpty), "'feedback[0].overrideReason' must carry 'reason' (a Coding)"),
        Arguments.of(body(codingNoCode), "'feedback[0].overrideReason.reason.code' is required"),
        Arguments.of(body(codingString), "'feedback[0].overrideReason.reason' must be a Coding"),
        Arguments.of(
            body(systemNumber), "'feedback[0].overrideReason.reason.system' must be a string"),
        Arguments.of(
            body(commentNumber), "'feedback[0].overrideReason.userComment' must be a string"),
        Arguments.of(
            body(commentLong), "'feedback[0].overrideReason.userComment' is longer than 4000"),
        Arguments.of(
            body(codeWithNewline),
            "'feedback[0].overrideReason.reason.code' must not contain control characters"),
        Arguments.of(body(item(), noOutcome), "'feedback[1].outcome' is required"),
        Arguments.of("{\"feedback\": [", "not valid JSON"),
        Arguments.of("{\"feedback\": [], \"feedback\": []}", "duplicate key 'feedback'"));
  }

  @ParameterizedTest(name = "[{index}] 400 naming {1}")
  @MethodSource("invalidBodies")
  void everyFieldRuleIsA400NamingTheField(Object body, String expected) {
    String json = body instanceof String text ? text : FeedbackHttp.JSON.writeValueAsString(body);
    long before = feedbackRows();

    FeedbackHttp.Reply reply = http.feedback(json);

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).contains("json");
    assertThat(reply.issueCode()).isEqualTo("invalid");
    assertThat(reply.diagnostics()).contains(expected);
    assertThat(feedbackRows()).as("a refused request stores nothing").isEqualTo(before);
  }

  @Test
  void unknownServiceIs404AndStoresNothing() {
    long before = feedbackRows();
    FeedbackHttp.Reply reply = http.feedback("no-such-service", body(overridden(CARD)).toString());
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.issueCode()).isEqualTo("not-found");
    assertThat(reply.diagnostics()).contains("no-such-service");
    assertThat(feedbackRows()).isEqualTo(before);
  }

  @Test
  void notJsonIs415() {
    FeedbackHttp.Reply reply =
        http.send(
            http.request("/cds-services/" + FeedbackHttp.ORDER_SELECT + "/feedback")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("feedback")));
    assertThat(reply.status()).isEqualTo(415);
  }

  // ---- the spec's examples, idempotency --------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "feedback-accepted.spec-2.0.1.json",
        "feedback-overridden-no-reason.spec-2.0.1.json",
        "feedback-overridden-with-reason.spec-2.0.1.json"
      })
  void specExamplesAreStoredOnceAndARepeatChangesNothing(String file) throws IOException {
    String json =
        new ClassPathResource("examples/" + file).getContentAsString(StandardCharsets.UTF_8);
    JsonNode item = FeedbackHttp.JSON.readTree(json).path("feedback").get(0);
    String card = item.path("card").asString();

    FeedbackHttp.Reply first = http.feedback(json);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).isEmpty();
    List<Map<String, Object>> stored = rowsOf(card);
    assertThat(stored).hasSize(1);
    Map<String, Object> row = stored.get(0);
    assertThat(row.get("OUTCOME")).isEqualTo(item.path("outcome").asString());
    assertThat(row.get("SERVICE_ID")).isEqualTo(FeedbackHttp.ORDER_SELECT);
    assertThat(row.get("CARD_KNOWN")).as("the spec's cards were never shown here").isEqualTo(false);
    if (item.has("overrideReason")) {
      assertThat(row.get("REASON_CODE")).isEqualTo("d7ecf885");
      assertThat(row.get("REASON_SYSTEM"))
          .isEqualTo("https://example.com/cds-hooks/override-reason-system");
      assertThat(row.get("REASON_DISPLAY")).isNull();
      assertThat(row.get("USER_COMMENT")).isEqualTo("A comment entered by the clinician.");
    }
    if (item.has("acceptedSuggestions")) {
      assertThat(row.get("ACCEPTED_SUGGESTIONS"))
          .isEqualTo("[\"e56e1945-20b3-4393-8503-a1a20fd73152\"]");
    }

    FeedbackHttp.Reply again = http.feedback(json);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(rowsOf(card)).as("the repeat changed nothing").isEqualTo(stored);
  }

  @Test
  void theSameCardAndOutcomeTwiceInOnePostIsStoredOnce() {
    String card = "dup-" + System.nanoTime();
    FeedbackHttp.Reply reply =
        http.feedback(body(overridden(card), overridden(card, null, "x", null)).toString());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(rowsOf(card)).hasSize(1);
    assertThat(rowsOf(card).get(0).get("REASON_CODE")).as("the first one wins").isNull();
  }

  @Test
  void bothOutcomesOfOneCardAreKeptApart() {
    String card = "both-" + System.nanoTime();
    assertThat(http.feedback(body(accepted(card, "s1")).toString()).status()).isEqualTo(200);
    assertThat(http.feedback(body(overridden(card)).toString()).status()).isEqualTo(200);
    assertThat(rowsOf(card))
        .extracting(r -> r.get("OUTCOME"))
        .containsExactly("accepted", "overridden");
  }

  @Test
  void realClientsAreAcceptedLeniently() {
    String card = "lenient-" + System.nanoTime();
    ObjectNode noDisplayNoSystem = overridden(card + "-a", null, "hematologist-decision", null);
    ObjectNode commentOnly = overridden(card + "-b", null, null, "Discussed with the patient.");
    ObjectNode nullReason = overridden(card + "-c");
    nullReason.putNull("overrideReason");
    ObjectNode withExtension = accepted(card + "-d", "s1");
    withExtension.putObject("extension").put("org.example.x", true);
    ObjectNode offsetAndFraction = overridden(card + "-e");
    offsetAndFraction.put("outcomeTimestamp", "2026-11-02t12:05:31.123456+02:00");

    FeedbackHttp.Reply reply =
        http.feedback(
            body(noDisplayNoSystem, commentOnly, nullReason, withExtension, offsetAndFraction)
                .toString());

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(rowsOf(card + "-a").get(0).get("REASON_CODE")).isEqualTo("hematologist-decision");
    assertThat(rowsOf(card + "-b").get(0).get("USER_COMMENT"))
        .isEqualTo("Discussed with the patient.");
    assertThat(rowsOf(card + "-b").get(0).get("REASON_CODE")).isNull();
    assertThat(rowsOf(card + "-c")).hasSize(1);
    assertThat(rowsOf(card + "-d")).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT outcome_at FROM feedback WHERE card_uuid = ?",
                java.time.OffsetDateTime.class,
                card + "-e"))
        .isEqualTo(java.time.OffsetDateTime.parse("2026-11-02T10:05:31.123456Z"));
  }

  // ---- feedback joined to real cards, read back through the analytics ---------------------

  @Test
  void feedbackOnRealCardsIsReadBackExactlyThroughTheAnalytics() throws InterruptedException {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<String> cards =
        Stream.generate(() -> http.invokeR01().get(0))
            .limit(5)
            .map(card -> card.path("uuid").asString())
            .toList();
    JsonNode firstCard = http.invokeR01().get(0);
    String acceptedCard = firstCard.path("uuid").asString();
    String suggestion = firstCard.path("suggestions").get(0).path("uuid").asString();
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(10))).isTrue();

    ObjectNode feedback =
        body(
            accepted(acceptedCard, suggestion),
            overridden(cards.get(0), R01_REASONS, "hematologist-decision", null),
            // The same reason without its system, as the sandbox sometimes sends it.
            overridden(cards.get(1), null, "hematologist-decision", "Discussed in MDT."),
            overridden(cards.get(2), null, "patient-informed-choice", null),
            overridden(cards.get(3), null, null, "Comment only."),
            overridden(cards.get(4)));
    assertThat(http.feedback(feedback.toString()).status()).isEqualTo(200);
    assertThat(http.feedback(feedback.toString()).status()).as("a repeat").isEqualTo(200);

    JsonNode analytics = http.analytics("?from=" + start);
    // The sample shows R01 and R04 (no ECG in 30 days); the feedback went to the R01 cards.
    assertThat(analytics.path("rules")).hasSize(2);
    JsonNode r04 = FeedbackHttp.rule(analytics, "R04", 1);
    assertThat(r04.path("shown").asLong()).isEqualTo(6);
    assertThat(r04.path("accepted").asLong() + r04.path("overridden").asLong()).isZero();
    JsonNode r01 = FeedbackHttp.rule(analytics, "R01", 1);
    assertThat(r01.path("shown").asLong()).isEqualTo(6);
    assertThat(r01.path("accepted").asLong()).isEqualTo(1);
    assertThat(r01.path("overridden").asLong()).isEqualTo(5);
    assertThat(r01.path("overrideRate").decimalValue()).isEqualByComparingTo("0.8333");
    assertThat(r01.path("overriddenWithoutReason").asLong()).isEqualTo(2);
    JsonNode reasons = r01.path("topOverrideReasons");
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(0).path("code").asString()).isEqualTo("hematologist-decision");
    assertThat(reasons.get(0).path("count").asLong()).isEqualTo(2);
    assertThat(reasons.get(0).path("system").asString()).isEqualTo(R01_REASONS);
    assertThat(reasons.get(0).path("display").asString())
        .as("the client sent no display: the rule's own is used")
        .isEqualTo("Decided by or with the treating hematologist/oncologist");
    assertThat(reasons.get(1).path("code").asString()).isEqualTo("patient-informed-choice");
    assertThat(reasons.get(1).path("count").asLong()).isEqualTo(1);
    assertThat(reasons.get(1).path("display").asString()).isEqualTo("Patient's informed choice");
    assertThat(r01.path("title").asString()).isNotBlank();
    JsonNode weeks = r01.path("weeks");
    assertThat(weeks).hasSize(1);
    assertThat(weeks.get(0).path("week").asString())
        .isEqualTo(CardLogStore.weekOf(Instant.now()).toString());
    assertThat(weeks.get(0).path("shown").asLong()).isEqualTo(6);
    assertThat(weeks.get(0).path("accepted").asLong()).isEqualTo(1);
    assertThat(weeks.get(0).path("overridden").asLong()).isEqualTo(5);

    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT card_known FROM feedback WHERE card_uuid IN (?, ?)",
                Boolean.class,
                acceptedCard,
                cards.get(0)))
        .containsExactly(true);
  }

  @Test
  void theCardLogKeepsThePatientOnlyAsASaltedHash() throws InterruptedException, IOException {
    String card = http.invokeR01().get(0).path("uuid").asString();
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(10))).isTrue();
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM card_log WHERE card_uuid = ?", card);
    String patientId =
        FeedbackHttp.JSON
            .readTree(Files.readString(FeedbackHttp.R01_REQUEST))
            .path("context")
            .path("patientId")
            .asString();
    String salt =
        jdbc.queryForObject(
            "SELECT setting_value FROM cds_setting WHERE name = ?",
            String.class,
            PatientHasher.SALT_SETTING);
    assertThat(row.get("RULE_ID")).isEqualTo("R01");
    assertThat(row.get("RULE_VERSION")).isEqualTo(1);
    assertThat(row.get("SERVICE_ID")).isEqualTo(FeedbackHttp.ORDER_SELECT);
    assertThat(row.get("HOOK_INSTANCE")).isNotNull();
    assertThat(row.get("PATIENT_HASH")).isEqualTo(new PatientHasher(salt).hash(patientId));
    assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(patientId));
    assertThat(Files.readString(FeedbackHttp.R01_REQUEST)).contains(patientId);
  }

  @Test
  void feedbackOnCardsNeverShownIsStoredFlaggedAndCounted() {
    long before = http.analytics("").path("feedbackOnUnknownCards").asLong();
    String card = "from-another-replica-" + System.nanoTime();
    assertThat(http.feedback(body(overridden(card)).toString()).status()).isEqualTo(200);
    assertThat(rowsOf(card).get(0).get("CARD_KNOWN")).isEqualTo(false);
    assertThat(http.analytics("").path("feedbackOnUnknownCards").asLong()).isEqualTo(before + 1);
  }

  // ---- analytics access without a token: this machine only --------------------------------

  @Test
  void withoutATokenAnalyticsAreServedToLoopbackCallers() {
    assertThat(http.get("/analytics/rules").status()).isEqualTo(200);
    FeedbackHttp.Reply page = http.get("/analytics");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(page.body()).contains("analytics/assets/chart.umd.js");
    FeedbackHttp.Reply chart = http.get("/analytics/assets/chart.umd.js");
    assertThat(chart.status()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart.js v4");
    assertThat(http.get("/analytics/assets/analytics.js").status()).isEqualTo(200);
    assertThat(http.get("/analytics/assets/analytics.css").status()).isEqualTo(200);
    assertThat(http.get("/analytics/assets/chart.js-LICENSE.md").body()).contains("MIT");
  }

  @Test
  void withoutATokenRelayedOrCrossSiteCallsAreRefused() {
    FeedbackHttp.Reply relayed =
        http.send(http.request("/analytics/rules").header("X-Forwarded-For", "203.0.113.9"));
    assertThat(relayed.status()).isEqualTo(403);
    assertThat(relayed.issueCode()).isEqualTo("forbidden");
    assertThat(relayed.diagnostics()).contains("cds.admin.token");
    assertThat(
            http.send(http.request("/analytics").header("Forwarded", "for=203.0.113.9")).status())
        .isEqualTo(403);
    assertThat(
            http.send(http.request("/analytics/rules").header("Origin", "https://evil.example"))
                .status())
        .isEqualTo(403);
    assertThat(
            http.send(http.request("/analytics/rules").header("Origin", "http://localhost:" + port))
                .status())
        .isEqualTo(200);
  }

  // ---- metrics ------------------------------------------------------------------------------

  @Test
  void prometheusShowsRequestLatencyCardsPerRuleAndFeedback() {
    http.invokeR01();
    http.feedback(body(overridden("metrics-" + System.nanoTime())).toString());
    http.feedback("no-such-service", "{}");

    FeedbackHttp.Reply metrics = http.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    String text = metrics.body();
    assertThat(text)
        .contains(
            "cds_service_requests_seconds_bucket{application=\"hematology-cds\",endpoint=\"invoke\","
                + "service=\"hematology-order-select\",status=\"200\"")
        .contains(
            "cds_service_requests_seconds_count{application=\"hematology-cds\","
                + "endpoint=\"feedback\",service=\"hematology-order-select\",status=\"200\"}")
        .contains(
            "cds_service_requests_seconds_count{application=\"hematology-cds\","
                + "endpoint=\"feedback\",service=\"unknown\",status=\"404\"}")
        .contains(
            "cds_cards_shown_total{application=\"hematology-cds\",rule=\"R01\","
                + "service=\"hematology-order-select\"}")
        .contains("cds_feedback_items_total{application=\"hematology-cds\",result=\"stored\"}")
        .contains("cds_feedback_database_up{application=\"hematology-cds\"} 1.0")
        .contains("cds_cardlog_queued");
  }

  @Test
  void fhirFallbackCallsAreTimedByOutcome() throws IOException {
    // A FHIR server on this machine that has nothing: every query is a 404.
    HttpServer fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fhir.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    fhir.start();
    try {
      ObjectNode request =
          (ObjectNode) FeedbackHttp.JSON.readTree(Files.readString(FeedbackHttp.R01_REQUEST));
      request.remove("prefetch");
      request.put("fhirServer", "http://127.0.0.1:" + fhir.getAddress().getPort() + "/fhir");
      FeedbackHttp.Reply reply =
          http.post("/cds-services/" + FeedbackHttp.ORDER_SELECT, request.toString());
      assertThat(reply.status()).as("nothing could be read").isEqualTo(412);
    } finally {
      fhir.stop(0);
    }
    assertThat(http.get("/actuator/prometheus").body())
        .contains(
            "cds_fhir_fallback_requests_seconds_count{application=\"hematology-cds\","
                + "outcome=\"404\"}")
        .contains("cds_fhir_fallback_requests_seconds_bucket{application=\"hematology-cds\"");
  }

  @Test
  void onlyHealthAndPrometheusAreExposed() {
    assertThat(http.get("/actuator/health").status()).isEqualTo(200);
    assertThat(http.get("/actuator/env").status()).isEqualTo(404);
    assertThat(http.get("/actuator/metrics").status()).isEqualTo(404);
    assertThat(http.get("/actuator/beans").status()).isEqualTo(404);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private long feedbackRows() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM feedback", Long.class);
  }

  private List<Map<String, Object>> rowsOf(String card) {
    return jdbc.queryForList("SELECT * FROM feedback WHERE card_uuid = ? ORDER BY outcome", card);
  }
}
