package org.hemacds.cards;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.hemacds.cards.Chart.ProcedureFact;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/**
 * A completed procedure in the value set, optionally dated within {@code withinDays} or after a
 * bound fact. The latest match is the evidence.
 */
public record HasProcedure(CompiledValueSet valueSet, Integer withinDays, Relative after)
    implements Criterion {

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.PROCEDURES)) {
      return Outcome.UNKNOWN;
    }
    LocalDate afterDate = after == null ? null : after.anchor(evaluation);
    if (after != null && afterDate == null) {
      return Outcome.UNKNOWN;
    }
    Optional<ProcedureFact> match =
        chart.procedures().stream()
            .filter(p -> "completed".equals(p.status()) && valueSet.containsAny(p.codes()))
            .filter(
                p ->
                    withinDays == null || ClinicalDates.within(p.date(), chart.today(), withinDays))
            .filter(p -> afterDate == null || (p.date() != null && p.date().isAfter(afterDate)))
            .max(
                Comparator.comparing(
                    ProcedureFact::date, Comparator.nullsFirst(Comparator.naturalOrder())));
    return match.map(p -> Outcome.isTrue(fact(p))).orElse(Outcome.FALSE);
  }

  static Fact fact(ProcedureFact p) {
    String units =
        p.units() == null
            ? "units not recorded"
            : p.units() + (p.units() == 1 ? " unit" : " units");
    String date = p.date() == null ? "date not recorded" : p.date().toString();
    return new Fact(
        "Procedure `" + p.ref() + "`: " + p.display() + ", " + date + ", " + units,
        Map.of("display", p.display(), "date", date, "ref", p.ref(), "units", units),
        p.date());
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.PROCEDURES);
  }
}
