package org.hemacds.feedback;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes card log rows. */
final class CardLogStore {

  private static final String INSERT =
      "INSERT INTO card_log (card_uuid, rule_id, rule_version, service_id, hook_instance,"
          + " patient_hash, shown_at, shown_week) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  /** One card as stored; {@code patientHash} is already hashed. */
  record Row(
      String cardUuid,
      String ruleId,
      int ruleVersion,
      String serviceId,
      String hookInstance,
      String patientHash,
      Instant shownAt) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final DiskFlush flush;

  CardLogStore(JdbcTemplate jdbc, TransactionTemplate transactions, DiskFlush flush) {
    this.jdbc = jdbc;
    this.flush = flush;
    this.transactions = transactions;
  }

  /** Monday (UTC) of the week of an instant: the bucket of the weekly trend. */
  static LocalDate weekOf(Instant instant) {
    return instant
        .atOffset(ZoneOffset.UTC)
        .toLocalDate()
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /**
   * Inserts the rows in one transaction. If that fails on the data (some rows already there after a
   * retry whose commit answer was lost, or a row the table cannot hold), inserts them one by one:
   * rows already there are skipped, rows the database refuses are left out so that they cannot
   * block the log. Connection failures are thrown, for the caller to retry.
   *
   * @return how many rows the database refused
   */
  int insert(List<Row> rows) {
    int refused = 0;
    try {
      transactions.executeWithoutResult(
          status -> jdbc.batchUpdate(INSERT, rows, rows.size(), CardLogStore::bind));
    } catch (DataIntegrityViolationException e) {
      for (Row row : rows) {
        try {
          jdbc.update(INSERT, ps -> bind(ps, row));
        } catch (DuplicateKeyException alreadyThere) {
          // written by the attempt whose answer was lost: nothing to do
        } catch (DataIntegrityViolationException refusedRow) {
          refused++;
        }
      }
    }
    flush.afterCommit();
    return refused;
  }

  private static void bind(PreparedStatement ps, Row row) throws SQLException {
    ps.setString(1, row.cardUuid());
    ps.setString(2, row.ruleId());
    ps.setInt(3, row.ruleVersion());
    ps.setString(4, row.serviceId());
    ps.setString(5, row.hookInstance());
    ps.setString(6, row.patientHash());
    ps.setObject(7, OffsetDateTime.ofInstant(row.shownAt(), ZoneOffset.UTC));
    ps.setObject(8, weekOf(row.shownAt()));
  }
}
