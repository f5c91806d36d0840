package org.hemacds.cards;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hemacds.cards.Chart.ProcedureFact;
import org.hemacds.terminology.CompiledValueSet;

/**
 * RBC transfusion episodes from completed Procedures (codes.md §4): procedures on the same calendar
 * day are one episode; its unit count is the sum of the known counts, or unknown.
 */
final class TransfusionHistory {

  /** One episode; {@code knownUnits} is 0 and {@code unknown} true when no count was recorded. */
  record Episode(LocalDate date, int knownUnits, boolean unknown, List<String> refs) {

    /** Units as transfusion dependence counts them: an episode of unknown count is 1 unit. */
    int unitsForDependence() {
      return knownUnits > 0 ? knownUnits : 1;
    }

    String line() {
      String units =
          knownUnits > 0
              ? knownUnits
                  + (knownUnits == 1 ? " unit" : " units")
                  + (unknown ? " (+ a record without a count)" : "")
              : "unit count not recorded (counted as 1)";
      return "RBC transfusion "
          + date
          + ": "
          + units
          + " — "
          + String.join(", ", refs.stream().map(r -> "`" + r + "`").toList());
    }
  }

  private TransfusionHistory() {}

  /** Episodes dated within the last {@code days} days, oldest first. */
  static List<Episode> episodes(Chart chart, CompiledValueSet rbc, int days) {
    Map<LocalDate, List<ProcedureFact>> byDay = new TreeMap<>();
    for (ProcedureFact p : chart.procedures()) {
      if ("completed".equals(p.status())
          && p.date() != null
          && rbc.containsAny(p.codes())
          && ClinicalDates.within(p.date(), chart.today(), days)) {
        byDay.computeIfAbsent(p.date(), d -> new ArrayList<>()).add(p);
      }
    }
    List<Episode> episodes = new ArrayList<>();
    byDay.forEach(
        (date, procedures) -> {
          int known = 0;
          boolean unknown = false;
          List<String> refs = new ArrayList<>();
          for (ProcedureFact p : procedures) {
            refs.add(p.ref());
            if (p.units() == null) {
              unknown = true;
            } else {
              known += p.units();
            }
          }
          episodes.add(new Episode(date, known, unknown, List.copyOf(refs)));
        });
    return episodes;
  }

  static List<Fact> lines(List<Episode> episodes) {
    List<Fact> facts = new ArrayList<>();
    for (Episode e : episodes) {
      facts.add(new Fact(e.line(), Map.of("date", e.date().toString()), e.date()));
    }
    return facts;
  }
}
