package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The storage code against a real database, the same tests for every database the service supports:
 * {@link FeedbackRepositoryH2Test} and {@link FeedbackRepositoryPostgresTest}. The schema comes
 * from the Flyway migrations the service runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FeedbackRepositoryContract {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

  /** A database with an empty schema, new for this test class. */
  abstract DataSource dataSource();

  JdbcTemplate jdbc;
  TransactionTemplate transactions;
  DiskFlush flush;
  FeedbackStore feedback;
  CardLogStore cards;
  AnalyticsRepository analytics;

  @BeforeAll
  void migrate() {
    DataSource dataSource = dataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    flush = new DiskFlush(jdbc);
    feedback = new FeedbackStore(JdbcClient.create(jdbc), transactions, CLOCK, flush);
    cards = new CardLogStore(jdbc, transactions, flush);
    TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
    readOnly.setReadOnly(true);
    analytics = new AnalyticsRepository(JdbcClient.create(jdbc), readOnly);
  }

  private static FeedbackItem overridden(String card, String code) {
    return new FeedbackItem(
        card,
        FeedbackItem.Outcome.OVERRIDDEN,
        List.of(),
        code == null ? null : new FeedbackItem.Reason("urn:r", code, null),
        null,
        OffsetDateTime.parse("2026-11-02T12:05:31+02:00"));
  }

  private static FeedbackItem accepted(String card) {
    return new FeedbackItem(
        card,
        FeedbackItem.Outcome.ACCEPTED,
        List.of("s1", "s\"2"),
        null,
        null,
        OffsetDateTime.parse("2026-11-02T10:05:31Z"));
  }

  private static CardLogStore.Row card(String uuid, String rule, String service, String at) {
    return new CardLogStore.Row(uuid, rule, 1, service, "hi-" + uuid, "h", Instant.parse(at));
  }

  private static String unique(String prefix) {
    return prefix + "-" + System.nanoTime();
  }

  @Test
  void theMigrationsRanAndAreRecorded() {
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE",
                Long.class))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void feedbackIsStoredOncePerCardAndOutcome() {
    String card = unique("once");
    assertThat(feedback.store("svc", List.of(overridden(card, "a"))))
        .isEqualTo(new FeedbackStore.Result(1, 0, 1));
    List<Map<String, Object>> stored =
        jdbc.queryForList("SELECT * FROM feedback WHERE card_uuid = ?", card);

    assertThat(feedback.store("svc", List.of(overridden(card, "b"))))
        .isEqualTo(new FeedbackStore.Result(0, 1, 0));
    assertThat(jdbc.queryForList("SELECT * FROM feedback WHERE card_uuid = ?", card))
        .isEqualTo(stored);

    assertThat(feedback.store("svc", List.of(accepted(card))))
        .as("the other outcome of the same card is its own row")
        .isEqualTo(new FeedbackStore.Result(1, 0, 1));
  }

  @Test
  void valuesRoundTrip() {
    String card = unique("values");
    feedback.store("svc", List.of(accepted(card), overridden(card, "code-1")));
    String where = " FROM feedback WHERE card_uuid = ? AND outcome = ";
    assertThat(
            jdbc.queryForObject(
                    "SELECT outcome_at" + where + "'overridden'", OffsetDateTime.class, card)
                .toInstant())
        .isEqualTo(Instant.parse("2026-11-02T10:05:31Z"));
    assertThat(
            jdbc.queryForObject(
                    "SELECT received_at" + where + "'overridden'", OffsetDateTime.class, card)
                .toInstant())
        .isEqualTo(CLOCK.instant());
    assertThat(
            jdbc.queryForObject(
                "SELECT reason_system" + where + "'overridden'", String.class, card))
        .isEqualTo("urn:r");
    assertThat(
            jdbc.queryForObject("SELECT reason_code" + where + "'overridden'", String.class, card))
        .isEqualTo("code-1");
    assertThat(
            jdbc.queryForObject(
                "SELECT accepted_suggestions" + where + "'accepted'", String.class, card))
        .isEqualTo("[\"s1\",\"s\\\"2\"]");
  }

  @Test
  void concurrentRepeatsOfTheSameFeedbackStoreOneRow() throws Exception {
    String card = unique("race");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<FeedbackStore.Result>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<FeedbackStore.Result> store =
            () -> {
              go.await();
              return feedback.store("svc", List.of(overridden(card, null)));
            };
        results.add(pool.submit(store));
      }
      go.countDown();
      int stored = 0;
      for (Future<FeedbackStore.Result> result : results) {
        stored += result.get(60, TimeUnit.SECONDS).stored();
      }
      assertThat(stored).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM feedback WHERE card_uuid = ?", Long.class, card))
        .isEqualTo(1);
  }

  @Test
  void feedbackOnALoggedCardIsKnown() {
    String card = unique("known");
    cards.insert(List.of(card(card, "R01", "svc", "2026-11-02T08:00:00Z")));
    assertThat(feedback.store("svc", List.of(overridden(card, null))).unknownCards()).isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT card_known FROM feedback WHERE card_uuid = ?", Boolean.class, card))
        .isTrue();
  }

  @Test
  void aRowTheTableCannotHoldIsLeftOutAndTheRestOfItsBatchIsWritten() {
    String good = unique("good");
    String bad = unique("bad");
    CardLogStore.Row overlong =
        new CardLogStore.Row(
            bad, "R01", 1, "svc", "x".repeat(129), "h", Instant.parse("2026-11-02T08:00:00Z"));
    assertThat(cards.insert(List.of(overlong, card(good, "R01", "svc", "2026-11-02T08:00:01Z"))))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM card_log WHERE card_uuid IN (?, ?)", Long.class, good, bad))
        .isEqualTo(1);
  }

  @Test
  void theCardLogToleratesARetryOfABatchItAlreadyWrote() {
    String a = unique("retry-a");
    String b = unique("retry-b");
    cards.insert(List.of(card(a, "R01", "svc", "2026-11-02T08:00:00Z")));
    cards.insert(
        List.of(
            card(a, "R01", "svc", "2026-11-02T08:00:00Z"),
            card(b, "R01", "svc", "2026-11-02T08:00:01Z")));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM card_log WHERE card_uuid IN (?, ?)", Long.class, a, b))
        .isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT shown_week FROM card_log WHERE card_uuid = ?", LocalDate.class, a))
        .isEqualTo(LocalDate.parse("2026-11-02"));
  }

  @Test
  void theSaltIsMadeOnceAndSharedByEveryoneOnTheDatabase() throws Exception {
    JdbcClient client = JdbcClient.create(jdbc);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> hashes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        hashes.add(
            pool.submit(() -> PatientHasher.fromConfigOrDatabase(null, client).hash("patient-1")));
      }
      String first = hashes.get(0).get(60, TimeUnit.SECONDS);
      for (Future<String> hash : hashes) {
        assertThat(hash.get(60, TimeUnit.SECONDS)).isEqualTo(first);
      }
      assertThat(first).hasSize(64).doesNotContain("patient-1");
      assertThat(PatientHasher.fromConfigOrDatabase(null, client).hash("patient-2"))
          .isNotEqualTo(first);
      assertThat(PatientHasher.fromConfigOrDatabase("configured", client).hash("patient-1"))
          .as("a configured salt wins")
          .isNotEqualTo(first);
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cds_setting", Long.class)).isEqualTo(1);
  }

  @Test
  void analyticsAggregateByRuleVersionAndWeekWithFilters() {
    String rule = unique("RA");
    String c1 = unique("c1");
    String c2 = unique("c2");
    String c3 = unique("c3");
    String c4 = unique("c4");
    cards.insert(
        List.of(
            card(c1, rule, "svc-a", "2026-03-02T00:00:00Z"),
            card(c2, rule, "svc-a", "2026-03-08T23:59:59Z"),
            card(c3, rule, "svc-b", "2026-03-09T00:00:00Z"),
            card(c4, rule, "svc-b", "2026-03-10T00:00:00Z")));
    feedback.store("svc-a", List.of(overridden(c1, "x"), accepted(c1), overridden(c2, "x")));
    feedback.store("svc-b", List.of(overridden(c3, "y"), overridden(c4, null)));

    AnalyticsRepository.Raw all = analytics.read(new AnalyticsQuery(null, null, null));
    List<AnalyticsRepository.WeekRow> weeks =
        all.weeks().stream().filter(w -> w.ruleId().equals(rule)).toList();
    assertThat(weeks)
        .containsExactly(
            new AnalyticsRepository.WeekRow(rule, 1, LocalDate.parse("2026-03-02"), 2, 1, 2, 0),
            new AnalyticsRepository.WeekRow(rule, 1, LocalDate.parse("2026-03-09"), 2, 0, 2, 1));
    assertThat(all.reasons().stream().filter(r -> r.ruleId().equals(rule)).toList())
        .containsExactly(
            new AnalyticsRepository.ReasonRow(rule, 1, "urn:r", "x", null, 2),
            new AnalyticsRepository.ReasonRow(rule, 1, "urn:r", "y", null, 1));

    AnalyticsRepository.Raw b =
        analytics.read(new AnalyticsQuery("svc-b", Instant.parse("2026-03-09T00:00:00Z"), null));
    assertThat(b.weeks().stream().filter(w -> w.ruleId().equals(rule)).toList())
        .containsExactly(
            new AnalyticsRepository.WeekRow(rule, 1, LocalDate.parse("2026-03-09"), 2, 0, 2, 1));

    AnalyticsRepository.Raw window =
        analytics.read(
            new AnalyticsQuery(
                null,
                Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-08T23:59:59Z")));
    assertThat(window.weeks().stream().filter(w -> w.ruleId().equals(rule)).toList())
        .as("from included, to excluded")
        .containsExactly(
            new AnalyticsRepository.WeekRow(rule, 1, LocalDate.parse("2026-03-02"), 1, 1, 1, 0));
  }

  @Test
  void feedbackOnUnknownCardsIsCountedWithItsOwnServiceAndTime() {
    String service = unique("svc-unknown");
    feedback.store(service, List.of(overridden(unique("u1"), null), accepted(unique("u2"))));
    assertThat(analytics.read(new AnalyticsQuery(service, null, null)).feedbackOnUnknownCards())
        .isEqualTo(2);
    assertThat(
            analytics
                .read(new AnalyticsQuery(service, Instant.parse("2026-11-02T10:05:32Z"), null))
                .feedbackOnUnknownCards())
        .as("the accepted one is at 10:05:31Z, the overridden one at 10:05:31Z too")
        .isZero();
  }

  @Test
  void diskFlushWorksOnThisDatabase() {
    flush.afterCommit();
  }
}
