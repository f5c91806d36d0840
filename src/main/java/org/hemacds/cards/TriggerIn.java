package org.hemacds.cards;

import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.terminology.CompiledValueSet;

/** Some draft order that triggered this rule is also in this value set (e.g. leukoreduced RBC). */
public record TriggerIn(CompiledValueSet valueSet) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    for (DraftFact d : evaluation.triggers()) {
      if (DraftOrderFor.matches(valueSet, d)) {
        return Outcome.isTrue(Medications.draft(d));
      }
    }
    return Outcome.FALSE;
  }

  @Override
  public void require(Requirements requirements) {
    // Draft orders come with the request itself.
  }
}
