package org.hemacds.cards;

import java.util.Map;
import org.hemacds.fhir.DataKind;

/** Age in whole years (birthday rule) within [atLeast, below); no birth date = UNKNOWN. */
public record AgeBetween(Integer atLeast, Integer below) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    Integer age = chart.available(DataKind.PATIENT) ? chart.age() : null;
    if (age == null) {
      return Outcome.UNKNOWN;
    }
    boolean holds = (atLeast == null || age >= atLeast) && (below == null || age < below);
    if (!holds) {
      return Outcome.FALSE;
    }
    return Outcome.isTrue(
        new Fact("Patient age " + age + " years", Map.of("value", String.valueOf(age)), null));
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.PATIENT);
  }
}
