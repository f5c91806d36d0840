package org.hemacds.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The JSON of {@code GET /analytics/rules}: {@code rules} as the interface defines them, plus the
 * weekly trend and a few counts that help read them.
 *
 * @param feedbackOnUnknownCards feedback items (filtered by service and outcome time) whose card is
 *     not in the card log: shown by another deployment, before the log existed, or lost while the
 *     database was down
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RuleAnalytics(List<RuleStats> rules, long feedbackOnUnknownCards, Filter filter) {

  /** The filters applied, echoed back; absent ones are left out, and all absent: no filter. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Filter(String service, String from, String to) {}

  /**
   * One rule version.
   *
   * @param overrideRate overridden / shown, 4 decimals (0 when nothing was shown)
   * @param overriddenWithoutReason overrides that carried no reason Coding (a plain dismiss or a
   *     comment only): not in {@code topOverrideReasons}
   * @param weeks per UTC week (Monday) in which the rule's cards were shown, oldest first
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RuleStats(
      String ruleId,
      int ruleVersion,
      String title,
      long shown,
      long accepted,
      long overridden,
      BigDecimal overrideRate,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<ReasonCount> topOverrideReasons,
      long overriddenWithoutReason,
      List<WeekStats> weeks) {}

  /** An override reason and how often it was given; display from the feedback or the rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ReasonCount(String code, String display, String system, long count) {}

  /** One week, by the Monday (UTC) it starts on. */
  record WeekStats(
      String week, long shown, long accepted, long overridden, BigDecimal overrideRate) {}

  static BigDecimal rate(long overridden, long shown) {
    if (shown == 0) {
      return BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(overridden)
        .divide(BigDecimal.valueOf(shown), 4, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }
}
