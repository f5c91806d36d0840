package org.hemacds.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hemacds.cards.Rule;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.cards.model.Coding;

/**
 * Turns what {@link AnalyticsRepository} read into the analytics report: totals and the weekly
 * trend per rule version, the top override reasons with a display (from the feedback, else from the
 * rule's own override reasons, else the code itself), and the rule's title from the catalogue.
 */
final class Analytics {

  private final AnalyticsRepository repository;
  private final RuleCatalog catalog;
  private final FeedbackDatabase database;

  Analytics(AnalyticsRepository repository, RuleCatalog catalog, FeedbackDatabase database) {
    this.repository = repository;
    this.catalog = catalog;
    this.database = database;
  }

  RuleAnalytics report(AnalyticsQuery query) {
    database.requireReady();
    AnalyticsRepository.Raw raw = repository.read(query);
    Map<String, List<AnalyticsRepository.WeekRow>> weeks = new LinkedHashMap<>();
    for (AnalyticsRepository.WeekRow row : raw.weeks()) {
      weeks.computeIfAbsent(key(row.ruleId(), row.ruleVersion()), k -> new ArrayList<>()).add(row);
    }
    Map<String, List<AnalyticsRepository.ReasonRow>> reasons = new LinkedHashMap<>();
    for (AnalyticsRepository.ReasonRow row : raw.reasons()) {
      reasons
          .computeIfAbsent(key(row.ruleId(), row.ruleVersion()), k -> new ArrayList<>())
          .add(row);
    }
    List<RuleAnalytics.RuleStats> rules = new ArrayList<>();
    for (List<AnalyticsRepository.WeekRow> rows : weeks.values()) {
      AnalyticsRepository.WeekRow first = rows.get(0);
      Optional<Rule> rule = rule(first.ruleId(), first.ruleVersion());
      long shown = 0;
      long accepted = 0;
      long overridden = 0;
      long withoutReason = 0;
      List<RuleAnalytics.WeekStats> trend = new ArrayList<>();
      for (AnalyticsRepository.WeekRow row : rows) {
        shown += row.shown();
        accepted += row.accepted();
        overridden += row.overridden();
        withoutReason += row.overriddenWithoutReason();
        trend.add(
            new RuleAnalytics.WeekStats(
                row.week().toString(),
                row.shown(),
                row.accepted(),
                row.overridden(),
                RuleAnalytics.rate(row.overridden(), row.shown())));
      }
      List<RuleAnalytics.ReasonCount> top =
          byCode(reasons.getOrDefault(key(first.ruleId(), first.ruleVersion()), List.of())).stream()
              .limit(AnalyticsRepository.TOP_REASONS)
              .map(
                  r ->
                      new RuleAnalytics.ReasonCount(
                          r.code(),
                          r.display() != null
                              ? r.display()
                              : rule.flatMap(x -> display(x, r.system(), r.code()))
                                  .orElse(r.code()),
                          r.system(),
                          r.count()))
              .toList();
      rules.add(
          new RuleAnalytics.RuleStats(
              first.ruleId(),
              first.ruleVersion(),
              rule.map(Rule::title).orElse(null),
              shown,
              accepted,
              overridden,
              RuleAnalytics.rate(overridden, shown),
              top,
              withoutReason,
              trend));
    }
    return new RuleAnalytics(
        rules,
        raw.feedbackOnUnknownCards(),
        query.service() == null && query.from() == null && query.to() == null
            ? null
            : new RuleAnalytics.Filter(
                query.service(),
                query.from() == null ? null : query.from().toString(),
                query.to() == null ? null : query.to().toString()));
  }

  /**
   * One entry per reason code: clients send the same reason with and without its {@code system}
   * (the sandbox omits it), so rows that differ only in system are added up. The system is kept
   * when all of them that have one agree. Most frequent first, ties by code.
   */
  static List<AnalyticsRepository.ReasonRow> byCode(List<AnalyticsRepository.ReasonRow> rows) {
    Map<String, List<AnalyticsRepository.ReasonRow>> groups = new LinkedHashMap<>();
    for (AnalyticsRepository.ReasonRow row : rows) {
      groups.computeIfAbsent(row.code(), k -> new ArrayList<>()).add(row);
    }
    List<AnalyticsRepository.ReasonRow> merged = new ArrayList<>();
    for (List<AnalyticsRepository.ReasonRow> group : groups.values()) {
      AnalyticsRepository.ReasonRow first = group.get(0);
      List<String> systems =
          group.stream()
              .map(AnalyticsRepository.ReasonRow::system)
              .filter(Objects::nonNull)
              .distinct()
              .toList();
      merged.add(
          new AnalyticsRepository.ReasonRow(
              first.ruleId(),
              first.ruleVersion(),
              systems.size() == 1 ? systems.get(0) : null,
              first.code(),
              group.stream()
                  .map(AnalyticsRepository.ReasonRow::display)
                  .filter(Objects::nonNull)
                  .findFirst()
                  .orElse(null),
              group.stream().mapToLong(AnalyticsRepository.ReasonRow::count).sum()));
    }
    merged.sort(
        Comparator.comparingLong(AnalyticsRepository.ReasonRow::count)
            .reversed()
            .thenComparing(AnalyticsRepository.ReasonRow::code));
    return merged;
  }

  private static String key(String ruleId, int version) {
    return ruleId + "\u0000" + version;
  }

  /** The rule of that id and version in the catalogue, else the catalogue's version of it. */
  private Optional<Rule> rule(String id, int version) {
    List<Rule> rules = catalog.engine().ruleSet().rules();
    return rules.stream()
        .filter(r -> r.id().equals(id) && r.version() == version)
        .findFirst()
        .or(() -> rules.stream().filter(r -> r.id().equals(id)).findFirst());
  }

  /** The display the rule gives the reason (a client may send only the code). */
  private static Optional<String> display(Rule rule, String system, String code) {
    if (rule.overrideReasons() == null) {
      return Optional.empty();
    }
    return rule.overrideReasons().stream()
        .filter(c -> code.equals(c.code()))
        .filter(c -> system == null || c.system() == null || Objects.equals(system, c.system()))
        .map(Coding::display)
        .filter(Objects::nonNull)
        .findFirst();
  }
}
