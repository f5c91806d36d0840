package org.hemacds.cards;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.hemacds.cards.Chart.MedicationFact;
import org.hemacds.cards.Chart.ObservationFact;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CodedValue;
import org.hemacds.terminology.CompiledValueSet;

/**
 * The latest countable observation of a code set inside a lookback (codes.md §6 rule 3), compared
 * in the set's canonical unit. With no comparison it asks only whether one exists; with {@code
 * answers} it asks whether its coded answer is one of them. The latest result decides: when it
 * cannot be evaluated (no or unknown unit) the criterion is UNKNOWN, with no fallback to an older
 * value.
 *
 * @param threshold in the value set's canonical unit
 * @param spoiledBy when set, a result taken while on (or within {@code spoiledWithinDays} after)
 *     this medication cannot be evaluated (exogenous epoetin distorts serum EPO)
 */
public record LatestObservation(
    CompiledValueSet valueSet,
    int lookbackDays,
    Comparison comparison,
    Double threshold,
    CompiledValueSet answers,
    CompiledValueSet spoiledBy,
    int spoiledWithinDays)
    implements Criterion {

  /**
   * The latest: the greatest effective date, then time of day (a result with only a date before one
   * with a time that day), then {@code issued} (codes.md: greatest effectiveDateTime, ties by
   * issued).
   */
  private static final Comparator<ObservationFact> NEWEST =
      Comparator.comparing(ObservationFact::date)
          .thenComparing(ObservationFact::time, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ObservationFact::issued, Comparator.nullsFirst(Comparator.naturalOrder()));

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.OBSERVATIONS)) {
      return Outcome.UNKNOWN;
    }
    Optional<ObservationFact> latest = latest(chart, valueSet, lookbackDays);
    if (latest.isEmpty()) {
      return Outcome.FALSE;
    }
    ObservationFact obs = latest.get();
    if (comparison == null && answers == null) {
      Fact fact = fact(obs, evaluation);
      return Outcome.isTrue(fact);
    }
    if (answers != null) {
      if (obs.answer().isEmpty()) {
        return Outcome.UNKNOWN;
      }
      return answers.containsAny(obs.answer())
          ? Outcome.isTrue(fact(obs, evaluation))
          : Outcome.FALSE;
    }
    if (spoiledBy != null) {
      if (!chart.available(DataKind.MEDICATION_REQUESTS)
          || !chart.available(DataKind.MEDICATION_STATEMENTS)
          || !chart.available(DataKind.MEDICATION_ADMINISTRATIONS)
          || spoiled(chart, obs.date())) {
        return Outcome.UNKNOWN;
      }
    }
    OptionalDouble value = canonical(obs, evaluation);
    if (value.isEmpty()) {
      return Outcome.UNKNOWN;
    }
    Truth truth =
        obs.comparator() == null
            ? Truth.of(comparison.test(value.getAsDouble(), threshold))
            : comparison.testBound(obs.comparator(), value.getAsDouble(), threshold);
    return switch (truth) {
      case TRUE -> Outcome.isTrue(fact(obs, evaluation));
      case FALSE -> Outcome.FALSE;
      case UNKNOWN -> Outcome.UNKNOWN;
    };
  }

  /** The newest countable observation of the set within the lookback. */
  static Optional<ObservationFact> latest(Chart chart, CompiledValueSet codes, int lookbackDays) {
    ObservationFact latest = null;
    for (ObservationFact o : chart.observationsIn(codes)) {
      if (ClinicalDates.within(o.date(), chart.today(), lookbackDays)
          && (latest == null || NEWEST.compare(o, latest) > 0)) {
        latest = o;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** The value in the set's canonical unit, or empty when it cannot be evaluated. */
  OptionalDouble canonical(ObservationFact obs, Evaluation evaluation) {
    return canonical(valueSet, obs, evaluation);
  }

  static OptionalDouble canonical(
      CompiledValueSet valueSet, ObservationFact obs, Evaluation evaluation) {
    if (obs.value() == null) {
      return OptionalDouble.empty();
    }
    String code = matchedCode(valueSet, obs);
    OptionalDouble converted =
        evaluation.units().toCanonical(valueSet, code, obs.value(), obs.unit());
    return converted.isPresent()
        ? OptionalDouble.of(Numbers.clean(converted.getAsDouble()))
        : converted;
  }

  private static String matchedCode(CompiledValueSet valueSet, ObservationFact obs) {
    for (CodedValue c : obs.codes()) {
      if (valueSet.contains(c)) {
        return c.token();
      }
    }
    return null;
  }

  private boolean spoiled(Chart chart, LocalDate sampleDate) {
    LocalDate windowStart = sampleDate.minusDays(spoiledWithinDays);
    for (MedicationFact m : chart.medications()) {
      if (!Matching.medication(spoiledBy, m.codes(), m.text(), m.display())) {
        continue;
      }
      // A stopped order or statement may have been given before it stopped: it counts here (the
      // sample may be the drug's effect), though never as exposure that fires a card.
      if (!m.active() && !m.exposure() && !m.stopped()) {
        continue;
      }
      LocalDate start = m.start();
      LocalDate end = m.active() ? sampleDate : m.last();
      if (start == null || end == null) {
        return true; // cannot place it in time: treat as interfering
      }
      if (!start.isAfter(sampleDate) && !end.isBefore(windowStart)) {
        return true;
      }
    }
    return false;
  }

  /** Evidence for one observation, with canonical and original value when converted. */
  Fact fact(ObservationFact obs, Evaluation evaluation) {
    return fact(valueSet, obs, evaluation, comparison == null ? null : threshold);
  }

  /**
   * The observation as evidence; {@code threshold} (canonical unit, or null) keeps the shown value
   * from rounding onto the threshold it was compared with.
   */
  static Fact fact(
      CompiledValueSet valueSet, ObservationFact obs, Evaluation evaluation, Double threshold) {
    Map<String, String> fields = new HashMap<>();
    fields.put("display", obs.display());
    fields.put("date", obs.date().toString());
    fields.put("ref", obs.ref());
    fields.put("code", Codes.label(obs.codes()));
    StringBuilder line =
        new StringBuilder("Observation `" + obs.ref() + "`: " + obs.display() + " ");
    if (obs.answerDisplay() != null) {
      fields.put("value", obs.answerDisplay());
      line.append(obs.answerDisplay());
    } else if (obs.value() != null) {
      String original =
          (obs.comparator() == null ? "" : obs.comparator())
              + Numbers.format(obs.value())
              + (obs.unitText() == null ? "" : " " + obs.unitText());
      fields.put("original", original);
      // The detail line quotes the reported value as sent (0.51 s, not 0.5 s).
      String asReported =
          (obs.comparator() == null ? "" : obs.comparator())
              + Numbers.exact(obs.value())
              + (obs.unitText() == null ? "" : " " + obs.unitText());
      OptionalDouble canonical = canonical(valueSet, obs, evaluation);
      String unit = valueSet.canonicalUnit();
      if (canonical.isPresent() && unit != null) {
        String value =
            threshold == null
                ? Numbers.format(canonical.getAsDouble())
                : Numbers.beside(canonical.getAsDouble(), threshold);
        fields.put("value", value);
        fields.put("unit", unit);
        String shown = (obs.comparator() == null ? "" : obs.comparator()) + value + " " + unit;
        line.append(shown);
        if (!shown.equals(original)) {
          line.append(" (reported as ").append(asReported).append(")");
        }
      } else {
        fields.put("value", Numbers.format(obs.value()));
        fields.put("unit", obs.unitText() == null ? "" : obs.unitText());
        line.append(asReported).append(" (unit not convertible; not evaluated)");
      }
    } else {
      line.append("(no value)");
    }
    line.append(", ").append(obs.date());
    if (obs.low() != null || obs.high() != null) {
      String range =
          (obs.low() != null && obs.low().value() != null ? Numbers.format(obs.low().value()) : "")
              + "–"
              + (obs.high() != null && obs.high().value() != null
                  ? Numbers.format(obs.high().value())
                  : "")
              + (obs.high() != null && obs.high().unit() != null ? " " + obs.high().unit() : "");
      fields.put("range", range);
      line.append(" (reference range ").append(range).append(")");
    }
    return new Fact(line.toString(), Map.copyOf(fields), obs.date());
  }

  @Override
  public void require(Requirements requirements) {
    requirements.observations(valueSet, lookbackDays);
    if (spoiledBy != null) {
      requirements.medications();
    }
  }
}
