package org.hemacds.cards;

import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.terminology.CompiledValueSet;

/** Another draft order of this request (selected or not) for something in the value set. */
public record DraftOrderFor(CompiledValueSet valueSet, String resourceType) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    for (DraftFact d : evaluation.chart().drafts()) {
      if (resourceType.equals(d.resourceType()) && matches(valueSet, d)) {
        return Outcome.isTrue(Medications.draft(d));
      }
    }
    return Outcome.FALSE;
  }

  static boolean matches(CompiledValueSet valueSet, DraftFact d) {
    return "MedicationRequest".equals(d.resourceType())
        ? Matching.medication(valueSet, d.codes(), d.text(), d.display())
        : valueSet.containsAny(d.codes());
  }

  @Override
  public void require(Requirements requirements) {
    // Draft orders come with the request itself.
  }
}
