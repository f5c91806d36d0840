package org.hemacds.feedback;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores feedback items idempotently: one row per card and outcome; a repeat changes nothing. All
 * items of one request are committed in one transaction before {@link #store} returns.
 */
final class FeedbackStore {

  /** What a call stored: new rows, repeats left as they were, and new rows for unknown cards. */
  record Result(int stored, int duplicates, int unknownCards) {}

  private static final int ATTEMPTS = 3;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final DiskFlush flush;

  FeedbackStore(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, DiskFlush flush) {
    this.jdbc = jdbc;
    this.flush = flush;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Stores the items, commits, and returns once the commit is on disk. Two replicas storing the
   * same card and outcome at once: one insert hits the unique key, and its transaction is run
   * again, now finding the row.
   */
  Result store(String serviceId, List<FeedbackItem> items) {
    for (int attempt = 1; ; attempt++) {
      try {
        Result result = transactions.execute(status -> storeAll(serviceId, items));
        flush.afterCommit();
        return result;
      } catch (DuplicateKeyException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Result storeAll(String serviceId, List<FeedbackItem> items) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    int stored = 0;
    int duplicates = 0;
    int unknown = 0;
    for (FeedbackItem item : items) {
      boolean exists =
          jdbc.sql("SELECT COUNT(*) FROM feedback WHERE card_uuid = :card AND outcome = :outcome")
                  .param("card", item.card())
                  .param("outcome", item.outcome().code())
                  .query(Long.class)
                  .single()
              > 0;
      if (exists) {
        duplicates++;
        continue;
      }
      boolean known =
          jdbc.sql("SELECT COUNT(*) FROM card_log WHERE card_uuid = :card")
                  .param("card", item.card())
                  .query(Long.class)
                  .single()
              > 0;
      FeedbackItem.Reason reason = item.reason();
      jdbc.sql(
              "INSERT INTO feedback (card_uuid, outcome, service_id, outcome_at, received_at,"
                  + " accepted_suggestions, reason_system, reason_code, reason_display,"
                  + " user_comment, card_known) VALUES (:card, :outcome, :service, :outcomeAt,"
                  + " :receivedAt, :suggestions, :system, :code, :display, :comment, :known)")
          .param("card", item.card())
          .param("outcome", item.outcome().code())
          .param("service", serviceId)
          .param("outcomeAt", item.outcomeTimestamp().withOffsetSameInstant(ZoneOffset.UTC))
          .param("receivedAt", now)
          .param(
              "suggestions",
              item.acceptedSuggestions().isEmpty()
                  ? null
                  : JSON.writeValueAsString(item.acceptedSuggestions()))
          .param("system", reason == null ? null : reason.system())
          .param("code", reason == null ? null : reason.code())
          .param("display", reason == null ? null : reason.display())
          .param("comment", item.userComment())
          .param("known", known)
          .update();
      stored++;
      if (!known) {
        unknown++;
      }
    }
    return new Result(stored, duplicates, unknown);
  }
}
