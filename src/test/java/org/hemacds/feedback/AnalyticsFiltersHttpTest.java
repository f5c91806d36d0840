package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.accepted;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /analytics/rules}: totals, the weekly trend, the top override reasons, and the
 * service, from and to filters, on cards logged at known times and feedback posted over HTTP.
 */
@FeedbackServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsFiltersHttpTest {

  private static final String R01_REASONS = "urn:hematology-cds:override-reason";
  private static final String SELECT = "hematology-order-select";
  private static final String SIGN = "hematology-order-sign";
  private static final String VIEW = "hematology-patient-view";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired DiskFlush flush;

  private FeedbackHttp http;

  @BeforeAll
  void cardsAndFeedback() {
    http = FeedbackHttp.onPort(port);
    List<CardLogStore.Row> rows = new ArrayList<>();
    // R01 v1 on order-select: three cards in the week of Monday 2026-10-05 (the last on Sunday
    // night), two in the week of 2026-10-12.
    rows.add(card("a1", "R01", 1, SELECT, "2026-10-05T08:00:00Z"));
    rows.add(card("a2", "R01", 1, SELECT, "2026-10-07T23:59:59Z"));
    rows.add(card("a3", "R01", 1, SELECT, "2026-10-11T23:00:00Z"));
    rows.add(card("b1", "R01", 1, SELECT, "2026-10-12T00:00:00Z"));
    rows.add(card("b2", "R01", 1, SELECT, "2026-10-14T12:00:00Z"));
    // R01 v2 on order-sign.
    rows.add(card("c1", "R01", 2, SIGN, "2026-10-13T09:00:00Z"));
    // RX9 v3, a rule not in the catalogue, on patient-view: nine cards, six reasons.
    for (int i = 1; i <= 9; i++) {
      rows.add(card("d" + i, "RX9", 3, VIEW, "2026-10-20T10:00:0" + i + "Z"));
    }
    new CardLogStore(jdbc, new TransactionTemplate(transactions), flush).insert(rows);

    ObjectNode a1 = overridden("a1", R01_REASONS, "hematologist-decision", null);
    ((ObjectNode) a1.path("overrideReason").path("reason")).put("display", "Client's display");
    post(
        a1,
        overridden("a2", R01_REASONS, "hematologist-decision", null),
        accepted("a3", "s1"),
        overridden("b1", null, null, "Comment only."),
        overridden("b2", "urn:x", "z-other", null),
        accepted("b2", "s2"),
        overridden("c1", null, "hematologist-decision", null),
        overridden("d1", null, "r1", null),
        overridden("d2", null, "r1", null),
        overridden("d3", null, "r1", null),
        overridden("d4", null, "r2", null),
        overridden("d5", null, "r2", null),
        overridden("d6", null, "r6", null),
        overridden("d7", null, "r3", null),
        overridden("d8", null, "r5", null),
        overridden("d9", null, "r4", null));
  }

  private static CardLogStore.Row card(
      String uuid, String rule, int version, String service, String shownAt) {
    return new CardLogStore.Row(
        uuid, rule, version, service, "hook-" + uuid, "hash", Instant.parse(shownAt));
  }

  private void post(ObjectNode... items) {
    FeedbackHttp.Reply reply = http.feedback(body(items).toString());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  @Test
  void totalsTrendAndReasonsPerRuleVersion() {
    JsonNode all = http.analytics("");
    assertThat(all.path("rules"))
        .extracting(r -> r.path("ruleId").asString() + " v" + r.path("ruleVersion").asInt())
        .containsExactly("R01 v1", "R01 v2", "RX9 v3");
    assertThat(all.has("filter")).isFalse();
    assertThat(all.path("feedbackOnUnknownCards").asLong()).isZero();

    JsonNode v1 = FeedbackHttp.rule(all, "R01", 1);
    assertCounts(v1, 5, 2, 4, "0.8");
    assertThat(v1.path("overriddenWithoutReason").asLong()).isEqualTo(1);
    JsonNode reasons = v1.path("topOverrideReasons");
    assertThat(reasons).hasSize(2);
    assertReason(reasons.get(0), "hematologist-decision", "Client's display", R01_REASONS, 2);
    assertReason(reasons.get(1), "z-other", "z-other", "urn:x", 1); // nobody named it: the code
    JsonNode weeks = v1.path("weeks");
    assertThat(weeks).hasSize(2);
    assertThat(weeks.get(0).path("week").asString()).isEqualTo("2026-10-05");
    assertCounts(weeks.get(0), 3, 1, 2, "0.6667");
    assertThat(weeks.get(1).path("week").asString()).isEqualTo("2026-10-12");
    assertCounts(weeks.get(1), 2, 1, 2, "1");

    JsonNode v2 = FeedbackHttp.rule(all, "R01", 2);
    assertCounts(v2, 1, 0, 1, "1");
    assertReason(
        v2.path("topOverrideReasons").get(0),
        "hematologist-decision",
        "Decided by or with the treating hematologist/oncologist",
        null,
        1);

    JsonNode rx9 = FeedbackHttp.rule(all, "RX9", 3);
    assertCounts(rx9, 9, 0, 9, "1");
    assertThat(rx9.has("title")).as("not in the catalogue: no title").isFalse();
    assertThat(rx9.path("topOverrideReasons"))
        .as("the five most frequent; ties by code")
        .extracting(r -> r.path("code").asString() + "=" + r.path("count").asLong())
        .containsExactly("r1=3", "r2=2", "r3=1", "r4=1", "r5=1");
    assertThat(rx9.path("weeks").get(0).path("week").asString()).isEqualTo("2026-10-19");
  }

  @Test
  void serviceFilter() {
    JsonNode sign = http.analytics("?service=" + SIGN);
    assertThat(sign.path("rules")).hasSize(1);
    assertCounts(FeedbackHttp.rule(sign, "R01", 2), 1, 0, 1, "1");
    assertThat(sign.path("filter").path("service").asString()).isEqualTo(SIGN);
  }

  @Test
  void aDateFilterCoversWholeUtcDaysWithToIncluded() {
    JsonNode firstWeek = http.analytics("?to=2026-10-11");
    assertThat(firstWeek.path("rules")).hasSize(1);
    assertCounts(FeedbackHttp.rule(firstWeek, "R01", 1), 3, 1, 2, "0.6667");
    assertThat(firstWeek.path("filter").path("to").asString()).isEqualTo("2026-10-12T00:00:00Z");

    JsonNode later = http.analytics("?from=2026-10-12");
    assertCounts(FeedbackHttp.rule(later, "R01", 1), 2, 1, 2, "1");
    assertThat(FeedbackHttp.rule(later, "R01", 2)).isNotNull();
    assertThat(FeedbackHttp.rule(later, "RX9", 3)).isNotNull();

    JsonNode oneDay = http.analytics("?from=2026-10-13&to=2026-10-13");
    assertThat(oneDay.path("rules")).hasSize(1);
    assertCounts(FeedbackHttp.rule(oneDay, "R01", 2), 1, 0, 1, "1");
  }

  @Test
  void aDateTimeFilterIsExactWithToExcluded() {
    JsonNode window = http.analytics("?from=2026-10-07T23:59:59Z&to=2026-10-12T00:00:00Z");
    assertCounts(FeedbackHttp.rule(window, "R01", 1), 2, 1, 1, "0.5");
    JsonNode offset = http.analytics("?from=2026-10-08T01:59:59%2B02:00&to=2026-10-12T00:00:00Z");
    assertCounts(FeedbackHttp.rule(offset, "R01", 1), 2, 1, 1, "0.5");
  }

  @Test
  void nothingShownInTheWindowIsAnEmptyList() {
    JsonNode none = http.analytics("?from=2020-01-01&to=2020-01-31");
    assertThat(none.path("rules").isArray()).isTrue();
    assertThat(none.path("rules")).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0} → 400 naming {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "service=nope | 'service' must be one of",
        "service= | 'service' must not be empty",
        "service=" + SIGN + "&service=" + SELECT + " | 'service' may be given only once",
        "from=yesterday | 'from' must be a date",
        "from=2026-10-12&from=2026-10-13 | 'from' may be given only once",
        "to=2026-02-30 | 'to' must be a date",
        "to=2026-10-11T10:00:00 | 'to' must be a date",
        "from=2026-10-12&to=2026-10-11 | 'from' must be before 'to'",
        "from=2026-10-12T10:00:00Z&to=2026-10-12T10:00:00Z | 'from' must be before 'to'"
      })
  void badFiltersAre400NamingTheParameter(String query, String expected) {
    FeedbackHttp.Reply reply = http.get("/analytics/rules?" + query);
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.diagnostics()).contains(expected);
  }

  private static void assertCounts(
      JsonNode node, long shown, long accepted, long overridden, String rate) {
    assertThat(node).as("no such rule or week").isNotNull();
    assertThat(node.path("shown").asLong()).as("shown").isEqualTo(shown);
    assertThat(node.path("accepted").asLong()).as("accepted").isEqualTo(accepted);
    assertThat(node.path("overridden").asLong()).as("overridden").isEqualTo(overridden);
    assertThat(node.path("overrideRate").decimalValue()).isEqualByComparingTo(rate);
  }

  private static void assertReason(
      JsonNode reason, String code, String display, String system, long count) {
    assertThat(reason.path("code").asString()).isEqualTo(code);
    assertThat(reason.path("count").asLong()).isEqualTo(count);
    assertThat(reason.path("display").asString()).isEqualTo(display);
    if (system == null) {
      assertThat(reason.has("system")).isFalse();
    } else {
      assertThat(reason.path("system").asString()).isEqualTo(system);
    }
  }
}
