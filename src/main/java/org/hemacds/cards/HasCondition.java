package org.hemacds.cards;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hemacds.cards.Chart.ConditionFact;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/**
 * A diagnosis in a value set (codes.md §6 rule 5). By default it must be active (clinicalStatus
 * active, recurrence, relapse or absent); {@code clinicalStatuses} narrows or widens that (empty =
 * any status: "ever"). A second way to match is a code in {@code withStatusIn} whose status is in
 * {@code withStatuses} (e.g. an APL Condition whose clinicalStatus is relapse).
 *
 * @param datedWithinDays the diagnosis date must lie within this many days (null = any date)
 * @param after the diagnosis must be dated after this bound fact
 * @param atLeastDaysBefore the diagnosis must be dated at least N days before this bound fact
 * @param earliest bind the earliest match instead of the latest
 * @param onsetDateTimeOnly date the diagnosis by onsetDateTime, else recordedDate (an onset given
 *     only as a Period, Age or text does not date it); by default onset[x], else recordedDate
 */
public record HasCondition(
    CompiledValueSet valueSet,
    Set<String> clinicalStatuses,
    CompiledValueSet withStatusIn,
    Set<String> withStatuses,
    Integer datedWithinDays,
    Relative after,
    Relative atLeastDaysBefore,
    boolean earliest,
    boolean onsetDateTimeOnly)
    implements Criterion {

  /** codes.md §6 rule 5; "none" stands for an absent clinicalStatus. */
  public static final Set<String> ACTIVE = Set.of("active", "recurrence", "relapse", "none");

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.CONDITIONS)) {
      return Outcome.UNKNOWN;
    }
    LocalDate afterDate = after == null ? null : after.anchor(evaluation);
    LocalDate beforeDate = atLeastDaysBefore == null ? null : atLeastDaysBefore.anchor(evaluation);
    if ((after != null && afterDate == null) || (atLeastDaysBefore != null && beforeDate == null)) {
      return Outcome.UNKNOWN;
    }
    String excludedRef =
        atLeastDaysBefore == null
            ? null
            : evaluation.binding(atLeastDaysBefore.binding()).field("ref");
    Comparator<ConditionFact> byDate =
        Comparator.comparing(this::dateOf, Comparator.nullsFirst(Comparator.naturalOrder()));
    Optional<ConditionFact> match =
        chart.conditions().stream()
            .filter(this::matchesCode)
            .filter(
                c ->
                    datedWithinDays == null
                        || ClinicalDates.within(dateOf(c), chart.today(), datedWithinDays))
            .filter(c -> afterDate == null || (dateOf(c) != null && dateOf(c).isAfter(afterDate)))
            .filter(
                c ->
                    beforeDate == null
                        || (dateOf(c) != null
                            && !c.ref().equals(excludedRef)
                            && !dateOf(c).isAfter(beforeDate.minusDays(atLeastDaysBefore.days()))))
            .max(earliest ? byDate.reversed() : byDate);
    return match.map(c -> Outcome.isTrue(fact(c, dateOf(c)))).orElse(Outcome.FALSE);
  }

  private LocalDate dateOf(ConditionFact c) {
    return onsetDateTimeOnly ? c.dateTimeDate() : c.date();
  }

  private boolean matchesCode(ConditionFact c) {
    String status = c.clinicalStatus() == null ? "none" : c.clinicalStatus();
    if (valueSet != null
        && valueSet.containsAny(c.codes())
        && (clinicalStatuses.isEmpty() || clinicalStatuses.contains(status))) {
      return true;
    }
    return withStatusIn != null
        && withStatusIn.containsAny(c.codes())
        && withStatuses.contains(status);
  }

  static Fact fact(ConditionFact c, LocalDate dated) {
    String status = c.clinicalStatus() == null ? "status not recorded" : c.clinicalStatus();
    String date = dated == null ? "date not recorded" : "dated " + dated;
    String code = Codes.label(c.codes());
    String line =
        "Condition `"
            + c.ref()
            + "`: "
            + c.display()
            + (code.isEmpty() ? "" : " (" + code + ")")
            + ", "
            + status
            + ", "
            + date;
    return new Fact(
        line,
        Map.of(
            "display",
            c.display(),
            "code",
            code,
            "status",
            status,
            "date",
            dated == null ? "unknown date" : dated.toString(),
            "ref",
            c.ref()),
        dated);
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.CONDITIONS);
  }
}
