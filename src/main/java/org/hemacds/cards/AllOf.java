package org.hemacds.cards;

import java.util.ArrayList;
import java.util.List;

/** All must hold; evaluated in order, so later criteria may use earlier bindings. */
public record AllOf(List<Criterion> criteria) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    List<Fact> evidence = new ArrayList<>();
    boolean unknown = false;
    for (Criterion criterion : criteria) {
      Outcome outcome = criterion.evaluate(evaluation);
      switch (outcome.truth()) {
        case FALSE -> {
          return Outcome.FALSE;
        }
        case UNKNOWN -> unknown = true;
        case TRUE -> evidence.addAll(outcome.evidence());
      }
    }
    return unknown ? Outcome.UNKNOWN : Outcome.isTrue(evidence);
  }

  @Override
  public void require(Requirements requirements) {
    criteria.forEach(c -> c.require(requirements));
  }
}
