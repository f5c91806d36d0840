package org.hemacds.cards;

import java.util.List;

/** Negation. Its own evidence is only the author's {@code why:} line (see {@link Named}). */
public record Not(Criterion criterion) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Truth truth = criterion.evaluate(evaluation).truth().not();
    return new Outcome(truth, List.of());
  }

  @Override
  public void require(Requirements requirements) {
    criterion.require(requirements);
  }
}
