package org.hemacds.cards;

import java.util.Map;
import org.hemacds.cards.Chart.ServiceRequestFact;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/** A service request in the chart (any status but entered-in-error or revoked). */
public record HasServiceRequest(CompiledValueSet valueSet) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.SERVICE_REQUESTS)) {
      return Outcome.UNKNOWN;
    }
    for (ServiceRequestFact s : chart.serviceRequests()) {
      if (valueSet.containsAny(s.codes())) {
        return Outcome.isTrue(
            new Fact(
                "ServiceRequest `" + s.ref() + "`: " + s.display() + ", " + s.status(),
                Map.of("display", s.display(), "ref", s.ref(), "status", s.status()),
                null));
      }
    }
    return Outcome.FALSE;
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.SERVICE_REQUESTS);
  }
}
