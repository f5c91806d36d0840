package org.hemacds.cards;

import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.cards.Chart.MedicationFact;
import org.hemacds.terminology.CompiledValueSet;

/**
 * Current therapy (codes.md §6 rule 6): an active or on-hold order, an active or intended
 * statement, or an administration within {@code administeredWithinDays}; and, when {@code
 * includeDrafts}, a draft order for it in the same hook request.
 */
public record OnMedication(
    CompiledValueSet valueSet, int administeredWithinDays, boolean includeDrafts)
    implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (includeDrafts) {
      for (DraftFact d : chart.drafts()) {
        if ("MedicationRequest".equals(d.resourceType())
            && Matching.medication(valueSet, d.codes(), d.text(), d.display())) {
          return Outcome.isTrue(Medications.draft(d));
        }
      }
    }
    for (MedicationFact m : chart.medications()) {
      if (!Matching.medication(valueSet, m.codes(), m.text(), m.display())) {
        continue;
      }
      boolean current =
          m.use() == Chart.MedicationUse.ADMINISTRATION
              ? ClinicalDates.within(
                  m.last() == null ? m.start() : m.last(), chart.today(), administeredWithinDays)
              : m.active();
      if (current) {
        return Outcome.isTrue(Medications.fact(m));
      }
    }
    return Medications.available(chart) ? Outcome.FALSE : Outcome.UNKNOWN;
  }

  @Override
  public void require(Requirements requirements) {
    requirements.medications();
  }
}
