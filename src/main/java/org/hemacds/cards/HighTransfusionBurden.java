package org.hemacds.cards;

import java.util.List;
import java.util.Map;
import org.hemacds.cards.TransfusionHistory.Episode;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/**
 * High transfusion burden (IMerge-like, R18): at least 4 RBC units in some 56-day window inside the
 * last 112 days, counting known unit counts only; any episode of unknown count in those 112 days
 * makes it false.
 */
public record HighTransfusionBurden(CompiledValueSet rbcTransfusion) implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.PROCEDURES)) {
      return Outcome.UNKNOWN;
    }
    List<Episode> episodes =
        TransfusionHistory.episodes(chart, rbcTransfusion, TransfusionDependence.WINDOW_DAYS);
    if (episodes.stream().anyMatch(Episode::unknown)) {
      return Outcome.FALSE;
    }
    int best = 0;
    for (Episode start : episodes) {
      int sum = 0;
      for (Episode e : episodes) {
        long offset = java.time.temporal.ChronoUnit.DAYS.between(start.date(), e.date());
        if (offset >= 0 && offset < TransfusionDependence.RECENT_DAYS) {
          sum += e.knownUnits();
        }
      }
      best = Math.max(best, sum);
    }
    if (best < 4) {
      return Outcome.FALSE;
    }
    return Outcome.isTrue(
        new Fact(
            "High transfusion burden: " + best + " RBC units within 8 weeks (known counts only)",
            Map.of("units", String.valueOf(best)),
            null));
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.PROCEDURES);
  }
}
