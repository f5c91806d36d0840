package org.hemacds.cards;

import java.util.ArrayList;
import java.util.List;

/**
 * A criterion with a binding name ({@code as:}, for placeholders and relative dates) and/or an
 * explanation line ({@code why:}) shown in the card when it holds.
 */
public record Named(Criterion criterion, String as, String why) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Outcome outcome = criterion.evaluate(evaluation);
    if (outcome.truth() != Truth.TRUE) {
      return outcome;
    }
    if (as != null && !outcome.evidence().isEmpty()) {
      evaluation.bind(as, outcome.evidence().get(0));
    }
    if (why == null) {
      return outcome;
    }
    List<Fact> evidence = new ArrayList<>(outcome.evidence());
    evidence.add(Fact.note(Templates.fill(why, evaluation)));
    return Outcome.isTrue(evidence);
  }

  @Override
  public void require(Requirements requirements) {
    criterion.require(requirements);
  }
}
