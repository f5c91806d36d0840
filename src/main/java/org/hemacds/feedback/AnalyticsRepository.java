package org.hemacds.feedback;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the analytics: per rule version, the cards shown in the filter's window and service, and
 * the feedback on those cards (whenever it came). Three queries in one read-only transaction.
 */
final class AnalyticsRepository {

  static final int TOP_REASONS = 5;

  /** Counts for one rule version in one week. */
  record WeekRow(
      String ruleId,
      int ruleVersion,
      LocalDate week,
      long shown,
      long accepted,
      long overridden,
      long overriddenWithoutReason) {}

  /** One override reason of one rule version. */
  record ReasonRow(
      String ruleId, int ruleVersion, String system, String code, String display, long count) {}

  /** What the queries read, before titles and reason displays from the catalogue are added. */
  record Raw(List<WeekRow> weeks, List<ReasonRow> reasons, long feedbackOnUnknownCards) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate readOnly;

  AnalyticsRepository(JdbcClient jdbc, TransactionTemplate readOnly) {
    this.jdbc = jdbc;
    this.readOnly = readOnly;
  }

  Raw read(AnalyticsQuery query) {
    return readOnly.execute(status -> new Raw(weeks(query), reasons(query), unknown(query)));
  }

  private List<WeekRow> weeks(AnalyticsQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = cardFilter(query, params);
    JdbcClient.StatementSpec sql =
        jdbc.sql(
            "SELECT c.rule_id, c.rule_version, c.shown_week, COUNT(*) AS shown,"
                + " COUNT(a.card_uuid) AS accepted, COUNT(o.card_uuid) AS overridden,"
                + " SUM(CASE WHEN o.card_uuid IS NOT NULL AND o.reason_code IS NULL"
                + " THEN 1 ELSE 0 END) AS overridden_without_reason"
                + " FROM card_log c"
                + " LEFT JOIN feedback a ON a.card_uuid = c.card_uuid AND a.outcome = 'accepted'"
                + " LEFT JOIN feedback o ON o.card_uuid = c.card_uuid AND o.outcome = 'overridden'"
                + where
                + " GROUP BY c.rule_id, c.rule_version, c.shown_week"
                + " ORDER BY c.rule_id, c.rule_version, c.shown_week");
    return sql.params(params)
        .query(
            (rs, n) ->
                new WeekRow(
                    rs.getString("rule_id"),
                    rs.getInt("rule_version"),
                    rs.getObject("shown_week", LocalDate.class),
                    rs.getLong("shown"),
                    rs.getLong("accepted"),
                    rs.getLong("overridden"),
                    rs.getLong("overridden_without_reason")))
        .list();
  }

  private List<ReasonRow> reasons(AnalyticsQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = cardFilter(query, params);
    return jdbc
        .sql(
            "SELECT c.rule_id, c.rule_version, f.reason_system, f.reason_code,"
                + " MAX(f.reason_display) AS reason_display, COUNT(*) AS n"
                + " FROM feedback f JOIN card_log c ON c.card_uuid = f.card_uuid"
                + where
                + (where.isEmpty() ? " WHERE" : " AND")
                + " f.outcome = 'overridden' AND f.reason_code IS NOT NULL"
                + " GROUP BY c.rule_id, c.rule_version, f.reason_system, f.reason_code")
        .params(params)
        .query(
            (rs, n) ->
                new ReasonRow(
                    rs.getString("rule_id"),
                    rs.getInt("rule_version"),
                    rs.getString("reason_system"),
                    rs.getString("reason_code"),
                    rs.getString("reason_display"),
                    rs.getLong("n")))
        .list()
        .stream()
        .sorted(
            Comparator.comparing(ReasonRow::ruleId)
                .thenComparing(ReasonRow::ruleVersion)
                .thenComparing(Comparator.comparingLong(ReasonRow::count).reversed())
                .thenComparing(ReasonRow::code)
                .thenComparing(r -> r.system() == null ? "" : r.system()))
        .toList();
  }

  private long unknown(AnalyticsQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    List<String> conditions = new ArrayList<>();
    conditions.add("NOT EXISTS (SELECT 1 FROM card_log c WHERE c.card_uuid = f.card_uuid)");
    if (query.service() != null) {
      conditions.add("f.service_id = :service");
      params.put("service", query.service());
    }
    if (query.from() != null) {
      conditions.add("f.outcome_at >= :from");
      params.put("from", OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
    }
    if (query.to() != null) {
      conditions.add("f.outcome_at < :to");
      params.put("to", OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
    }
    return jdbc.sql("SELECT COUNT(*) FROM feedback f WHERE " + String.join(" AND ", conditions))
        .params(params)
        .query(Long.class)
        .single();
  }

  /** The WHERE clause on card_log c for the query's filters ("" when none). */
  private static String cardFilter(AnalyticsQuery query, Map<String, Object> params) {
    List<String> conditions = new ArrayList<>();
    if (query.service() != null) {
      conditions.add("c.service_id = :service");
      params.put("service", query.service());
    }
    if (query.from() != null) {
      conditions.add("c.shown_at >= :from");
      params.put("from", OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
    }
    if (query.to() != null) {
      conditions.add("c.shown_at < :to");
      params.put("to", OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
