package org.hemacds.cards;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hemacds.cards.TransfusionHistory.Episode;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/**
 * RBC units transfused in the last 16 weeks, expressed per month (the transfusion need of the
 * Nordic EPO model, R10). Units are counted as transfusion dependence counts them (rules.md §0 TD):
 * an episode of unknown unit count is 1 unit; 112 days are 112 / 30.4375 months. TRUE when the rate
 * is at least {@code atLeastPerMonth}; with 0 it holds whenever the procedures could be read (even
 * with no transfusion), which lets a card show the rate. Evidence fields: {@code units}, {@code
 * episodes}, {@code perMonth}, {@code uncounted} (episodes without a unit count), {@code date}
 * (last episode, when any).
 */
public record TransfusionRate(CompiledValueSet rbcTransfusion, double atLeastPerMonth)
    implements Criterion {

  static final double MONTHS = TransfusionDependence.WINDOW_DAYS / 30.4375;

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.PROCEDURES)) {
      return Outcome.UNKNOWN;
    }
    List<Episode> episodes =
        TransfusionHistory.episodes(chart, rbcTransfusion, TransfusionDependence.WINDOW_DAYS);
    int units = episodes.stream().mapToInt(Episode::unitsForDependence).sum();
    double rate = units / MONTHS;
    if (Numbers.clean(rate) < atLeastPerMonth) {
      return Outcome.FALSE;
    }
    long unknown = episodes.stream().filter(e -> e.knownUnits() == 0).count();
    String perMonth = Numbers.format(rate);
    Map<String, String> fields = new HashMap<>();
    fields.put("units", String.valueOf(units));
    fields.put("episodes", String.valueOf(episodes.size()));
    fields.put("perMonth", perMonth);
    fields.put("uncounted", String.valueOf(unknown));
    Episode last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
    if (last != null) {
      fields.put("date", last.date().toString());
    }
    String line =
        "RBC transfusions in the last 16 weeks: "
            + units
            + (units == 1 ? " unit" : " units")
            + " in "
            + episodes.size()
            + (episodes.size() == 1 ? " episode" : " episodes")
            + " (about "
            + perMonth
            + " a month"
            + (unknown > 0
                ? "; " + unknown + " without a recorded unit count, each counted as 1 unit"
                : "")
            + ")";
    return Outcome.isTrue(new Fact(line, Map.copyOf(fields), last == null ? null : last.date()));
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.PROCEDURES);
  }
}
