package org.hemacds.cards;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hemacds.cards.Chart.MedicationFact;
import org.hemacds.terminology.CompiledValueSet;

/**
 * Exposure to a drug ever or since a date (codes.md §6 rule 7): orders active, on hold or
 * completed, statements, and administrations. All given constraints must hold:
 *
 * @param withinDays some exposure is current or dated within this many days
 * @param firstAtLeastDaysAgo the first exposure started at least this many days ago
 * @param after some exposure is dated after this bound fact
 * @param firstAtLeastDaysBefore the first exposure started at least N days before this bound fact
 * @param currentOrLastWithinDaysBefore the drug is current, or was last given at most N days before
 *     this bound fact
 * @param intent with {@code intentCodes}: "coded" (some matching exposure carries a coded treatment
 *     intent) or "in-set" (its intent is in {@code intentCodes}); null = intent is not checked
 */
public record MedicationExposure(
    CompiledValueSet valueSet,
    Integer withinDays,
    Integer firstAtLeastDaysAgo,
    Relative after,
    Relative firstAtLeastDaysBefore,
    Relative currentOrLastWithinDaysBefore,
    String intent,
    CompiledValueSet intentCodes)
    implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    LocalDate today = chart.today();
    List<MedicationFact> exposures = new ArrayList<>();
    for (MedicationFact m : chart.medications()) {
      if ((m.exposure() || m.active())
          && Matching.medication(valueSet, m.codes(), m.text(), m.display())) {
        exposures.add(m);
      }
    }
    if (withinDays != null) {
      exposures.removeIf(
          m -> !(m.active() || ClinicalDates.within(lastDate(m), today, withinDays)));
    }
    if (intent != null) {
      exposures.removeIf(m -> !intentMatches(m));
    }
    if (exposures.isEmpty()) {
      return Medications.available(chart) ? Outcome.FALSE : Outcome.UNKNOWN;
    }
    MedicationFact first =
        exposures.stream()
            .filter(m -> m.start() != null)
            .min(Comparator.comparing(MedicationFact::start))
            .orElse(null);
    MedicationFact chosen = first != null ? first : exposures.get(0);
    if (firstAtLeastDaysAgo != null) {
      if (first == null || ClinicalDates.daysAgo(first.start(), today) < firstAtLeastDaysAgo) {
        return Outcome.FALSE;
      }
    }
    if (firstAtLeastDaysBefore != null) {
      LocalDate anchor = firstAtLeastDaysBefore.anchor(evaluation);
      if (anchor == null) {
        return Outcome.UNKNOWN;
      }
      if (first == null || first.start().isAfter(anchor.minusDays(firstAtLeastDaysBefore.days()))) {
        return Outcome.FALSE;
      }
    }
    if (after != null) {
      LocalDate anchor = after.anchor(evaluation);
      if (anchor == null) {
        return Outcome.UNKNOWN;
      }
      MedicationFact later =
          exposures.stream()
              .filter(m -> lastDate(m) != null && lastDate(m).isAfter(anchor))
              .findFirst()
              .orElse(null);
      if (later == null) {
        return Outcome.FALSE;
      }
      chosen = later;
    }
    if (currentOrLastWithinDaysBefore != null) {
      LocalDate anchor = currentOrLastWithinDaysBefore.anchor(evaluation);
      if (anchor == null) {
        return Outcome.UNKNOWN;
      }
      LocalDate earliestAllowed = anchor.minusDays(currentOrLastWithinDaysBefore.days());
      boolean recent =
          exposures.stream()
              .anyMatch(
                  m ->
                      m.active()
                          || (lastDate(m) != null && !lastDate(m).isBefore(earliestAllowed)));
      if (!recent) {
        return Outcome.FALSE;
      }
    }
    List<Fact> evidence = new ArrayList<>();
    evidence.add(Medications.fact(chosen));
    return Outcome.isTrue(evidence);
  }

  private boolean intentMatches(MedicationFact m) {
    if ("coded".equals(intent)) {
      return !m.intent().isEmpty();
    }
    return intentCodes != null && intentCodes.containsAny(m.intent());
  }

  private static LocalDate lastDate(MedicationFact m) {
    return m.last() != null ? m.last() : m.start();
  }

  @Override
  public void require(Requirements requirements) {
    requirements.medications();
  }
}
