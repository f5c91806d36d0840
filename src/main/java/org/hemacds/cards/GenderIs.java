package org.hemacds.cards;

import org.hemacds.fhir.DataKind;

/** Administrative gender as recorded on the Patient; not recorded = UNKNOWN. */
public record GenderIs(String gender) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    String recorded = chart.available(DataKind.PATIENT) ? chart.gender() : null;
    if (recorded == null) {
      return Outcome.UNKNOWN;
    }
    return Outcome.of(recorded.equals(gender));
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.PATIENT);
  }
}
