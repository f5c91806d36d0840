package org.hemacds.cards;

import java.util.List;

/** At least one must hold; the first that holds gives the evidence. */
public record AnyOf(List<Criterion> criteria) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    boolean unknown = false;
    for (Criterion criterion : criteria) {
      Outcome outcome = criterion.evaluate(evaluation);
      if (outcome.truth() == Truth.TRUE) {
        return outcome;
      }
      unknown |= outcome.truth() == Truth.UNKNOWN;
    }
    return unknown ? Outcome.UNKNOWN : Outcome.FALSE;
  }

  @Override
  public void require(Requirements requirements) {
    criteria.forEach(c -> c.require(requirements));
  }
}
