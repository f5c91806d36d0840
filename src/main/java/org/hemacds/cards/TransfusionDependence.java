package org.hemacds.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemacds.cards.TransfusionHistory.Episode;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/**
 * Transfusion dependence (rules.md §0 TD, after IWG 2018): at least 3 RBC units in at least 2
 * episodes within 112 days, the most recent within 56 days; an episode of unknown count is 1 unit.
 */
public record TransfusionDependence(CompiledValueSet rbcTransfusion) implements Criterion {

  static final int WINDOW_DAYS = 112;
  static final int RECENT_DAYS = 56;

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.PROCEDURES)) {
      return Outcome.UNKNOWN;
    }
    List<Episode> episodes = TransfusionHistory.episodes(chart, rbcTransfusion, WINDOW_DAYS);
    int units = episodes.stream().mapToInt(Episode::unitsForDependence).sum();
    boolean recent =
        !episodes.isEmpty()
            && ClinicalDates.within(
                episodes.get(episodes.size() - 1).date(), chart.today(), RECENT_DAYS);
    if (episodes.size() < 2 || units < 3 || !recent) {
      return Outcome.FALSE;
    }
    Episode last = episodes.get(episodes.size() - 1);
    String perMonth = Numbers.format(units / (WINDOW_DAYS / 30.4375));
    List<Fact> evidence = new ArrayList<>();
    evidence.add(
        new Fact(
            "Transfusion dependent: "
                + units
                + " RBC units in "
                + episodes.size()
                + " episodes in the last 16 weeks (about "
                + perMonth
                + " units a month), the last on "
                + last.date(),
            Map.of(
                "units", String.valueOf(units),
                "episodes", String.valueOf(episodes.size()),
                "perMonth", perMonth,
                "date", last.date().toString()),
            last.date()));
    evidence.addAll(TransfusionHistory.lines(episodes));
    return Outcome.isTrue(evidence);
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.PROCEDURES);
  }
}
