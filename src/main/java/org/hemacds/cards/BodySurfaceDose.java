package org.hemacds.cards;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.hemacds.cards.Chart.ObservationFact;
import org.hemacds.cards.Rule.DoseSpec;
import org.hemacds.fhir.DataKind;

/**
 * A dose per m² of body surface area: BSA from a recorded BSA observation, else Mosteller √(height
 * cm × weight kg / 3600) (S-MOSTELLER-1987), rounded to the capsule size (halves up). Binds {@code
 * dose} with fields {@code known}, {@code bsa}, {@code raw}, {@code mg}, {@code text}, {@code
 * method} ("Mosteller" or "as recorded"), or, when no dose can be computed, {@code known} false and
 * {@code reason}. A BSA that is not positive, or a dose that rounds to 0 mg, is not used.
 */
final class BodySurfaceDose {

  private BodySurfaceDose() {}

  static Fact compute(DoseSpec spec, Evaluation evaluation) {
    Chart chart = evaluation.chart();
    Map<String, String> fields = new HashMap<>();
    if (!chart.available(DataKind.OBSERVATIONS)) {
      return unknown(fields, "observations could not be read");
    }
    Optional<ObservationFact> bsaObs =
        LatestObservation.latest(chart, spec.bsa(), spec.bsaLookbackDays());
    OptionalDouble bsa = OptionalDouble.empty();
    String inputs;
    String method = "as recorded";
    if (bsaObs.isPresent()) {
      bsa = LatestObservation.canonical(spec.bsa(), bsaObs.get(), evaluation);
      inputs = "recorded BSA (`" + bsaObs.get().ref() + "`, " + bsaObs.get().date() + ")";
    } else {
      inputs = null;
    }
    if (bsa.isPresent() && bsa.getAsDouble() <= 0) {
      bsa = OptionalDouble.empty();
    }
    if (bsa.isEmpty()) {
      method = "Mosteller";
      Optional<ObservationFact> height =
          LatestObservation.latest(chart, spec.height(), spec.heightLookbackDays());
      Optional<ObservationFact> weight =
          LatestObservation.latest(chart, spec.weight(), spec.weightLookbackDays());
      OptionalDouble cm =
          height
              .map(h -> LatestObservation.canonical(spec.height(), h, evaluation))
              .orElse(OptionalDouble.empty());
      OptionalDouble kg =
          weight
              .map(w -> LatestObservation.canonical(spec.weight(), w, evaluation))
              .orElse(OptionalDouble.empty());
      boolean kgUsable = kg.isPresent() && kg.getAsDouble() > 0;
      boolean cmUsable = cm.isPresent() && cm.getAsDouble() > 0;
      if (!kgUsable || !cmUsable) {
        String weightProblem =
            kgUsable
                ? null
                : weight.isEmpty()
                    ? "no weight in " + spec.weightLookbackDays() + " days"
                    : "latest weight not usable (unit or value)";
        String heightProblem =
            cmUsable
                ? null
                : height.isEmpty()
                    ? "no height in " + spec.heightLookbackDays() + " days"
                    : "latest height not usable (unit or value)";
        String reason =
            weightProblem == null
                ? heightProblem
                : heightProblem == null ? weightProblem : weightProblem + " / " + heightProblem;
        return unknown(fields, reason);
      }
      bsa = OptionalDouble.of(Math.sqrt(cm.getAsDouble() * kg.getAsDouble() / 3600.0));
      inputs =
          "Mosteller from height "
              + Numbers.format(cm.getAsDouble())
              + " cm (`"
              + height.get().ref()
              + "`, "
              + height.get().date()
              + ") and weight "
              + Numbers.format(kg.getAsDouble())
              + " kg (`"
              + weight.get().ref()
              + "`, "
              + weight.get().date()
              + ")";
    }
    // The dose is rounded once, from the unrounded BSA; BSA and unrounded dose are rounded for
    // display only, and the shown dose never contradicts the rounding (44.96 shows as 44.9 → 40).
    BigDecimal exact =
        BigDecimal.valueOf(bsa.getAsDouble()).multiply(BigDecimal.valueOf(spec.mgPerM2()));
    BigDecimal step = BigDecimal.valueOf(spec.roundToMg());
    BigDecimal mg = exact.divide(step, 0, RoundingMode.HALF_UP).multiply(step);
    BigDecimal raw = exact.setScale(1, RoundingMode.HALF_UP);
    if (raw.divide(step, 0, RoundingMode.HALF_UP).multiply(step).compareTo(mg) != 0) {
      raw = exact.setScale(1, RoundingMode.DOWN);
    }
    BigDecimal bsaRounded = BigDecimal.valueOf(bsa.getAsDouble()).setScale(2, RoundingMode.HALF_UP);
    String bsaText = bsaRounded.stripTrailingZeros().toPlainString();
    if (mg.signum() <= 0) {
      return unknown(fields, "computed dose rounds to 0 mg; check height, weight or BSA");
    }
    String rawText = raw.stripTrailingZeros().toPlainString();
    String mgText = mg.stripTrailingZeros().toPlainString();
    String text = "BSA " + bsaText + " m² → " + rawText + " mg → " + mgText + " mg daily";
    fields.put("known", "true");
    fields.put("bsa", bsaText);
    fields.put("raw", rawText);
    fields.put("mg", mgText);
    fields.put("value", mgText);
    fields.put("text", text);
    fields.put("method", method);
    return new Fact(
        "Dose: " + text + " (" + Numbers.format(spec.mgPerM2()) + " mg/m²; " + inputs + ")",
        Map.copyOf(fields),
        null);
  }

  private static Fact unknown(Map<String, String> fields, String reason) {
    fields.put("known", "false");
    fields.put("reason", reason);
    fields.put("text", "BSA unknown (" + reason + ")");
    return new Fact("Dose not computed: BSA unknown (" + reason + ")", Map.copyOf(fields), null);
  }
}
