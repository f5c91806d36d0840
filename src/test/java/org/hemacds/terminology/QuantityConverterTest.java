package org.hemacds.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.OptionalDouble;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.cards.RuleCompiler;
import org.hemacds.cards.RuleSet;
import org.junit.jupiter.api.Test;

/** Unit conversion to each value set's canonical unit, with the aliases of cards/units.yaml. */
class QuantityConverterTest {

  static final RuleSet RULES =
      RuleCompiler.compile(FhirContext.forR4Cached(), RuleCatalog.read("file:cards/"));
  static final QuantityConverter UNITS = RULES.units();

  static double convert(String set, String code, double value, String unit) {
    OptionalDouble result = UNITS.toCanonical(RULES.valueSets().get(set), code, value, unit);
    assertThat(result).as(value + " " + unit + " in " + set).isPresent();
    return result.getAsDouble();
  }

  static void unconvertible(String set, String code, double value, String unit) {
    assertThat(UNITS.toCanonical(RULES.valueSets().get(set), code, value, unit))
        .as(value + " " + unit + " in " + set)
        .isEmpty();
  }

  @Test
  void hemoglobin() {
    assertThat(convert("obs-hemoglobin", "http://loinc.org|718-7", 11.1, "g/dL")).isEqualTo(11.1);
    assertThat(convert("obs-hemoglobin", "http://loinc.org|718-7", 110, "g/L"))
        .isCloseTo(11.0, within());
    assertThat(convert("obs-hemoglobin", "http://loinc.org|718-7", 11000, "mg/dL"))
        .isCloseTo(11.0, within());
    assertThat(convert("obs-hemoglobin", "http://loinc.org|59260-0", 6.9, "mmol/L"))
        .isCloseTo(11.118, within());
    unconvertible("obs-hemoglobin", "http://loinc.org|718-7", 6.9, "mmol/L");
    unconvertible("obs-hemoglobin", "http://loinc.org|718-7", 11, null);
    unconvertible("obs-hemoglobin", "http://loinc.org|718-7", 11, "grams");
  }

  @Test
  void cellCounts() {
    for (String unit :
        new String[] {"10*9/L", "10*3/uL", "10^3/uL", "10^9/L", "K/uL", "x10E3/uL", "/nL"}) {
      assertThat(convert("obs-platelets", null, 74, unit)).as(unit).isCloseTo(74, within());
    }
    assertThat(convert("obs-platelets", null, 74000, "/uL")).isCloseTo(74, within());
    assertThat(convert("obs-platelets", null, 74000, "/mm3")).isCloseTo(74, within());
    unconvertible("obs-platelets", null, 74, "thousand");
  }

  @Test
  void epoAliasesOnlyForTheEpoCode() {
    assertThat(convert("obs-epo", "http://loinc.org|15061-5", 501, "mU/mL")).isEqualTo(501);
    assertThat(convert("obs-epo", "http://loinc.org|15061-5", 501, "[IU]/L")).isEqualTo(501);
    assertThat(convert("obs-epo", "http://loinc.org|15061-5", 501, "m[IU]/mL")).isEqualTo(501);
    unconvertible("obs-epo", "http://loinc.org|99999-9", 501, "mU/mL");
  }

  @Test
  void tsatFractionsAndAmbiguousPercent() {
    assertThat(convert("obs-tsat", null, 0.19, "1")).isCloseTo(19, within());
    assertThat(convert("obs-tsat", null, 19, "%")).isEqualTo(19);
    unconvertible("obs-tsat", null, 0.19, "%");
  }

  @Test
  void bodyMeasurements() {
    assertThat(convert("obs-height", null, 1.7, "m")).isCloseTo(170, within());
    assertThat(convert("obs-height", null, 67, "[in_i]")).isCloseTo(170.18, within());
    assertThat(convert("obs-weight", null, 154, "[lb_av]")).isCloseTo(69.853, within());
    assertThat(convert("obs-qtc", null, 0.51, "s")).isCloseTo(510, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.001);
  }

  /** Found by ThresholdUnitsProperties: a null code threw a NullPointerException (Set.of). */
  @Test
  void codeSpecificAliasesNeedACode() {
    unconvertible("obs-hemoglobin", null, 6.9, "mmol/L");
    unconvertible("obs-epo", null, 501, "mU/mL");
  }

  /** Found by ThresholdUnitsProperties: org.fhir.ucum turns 1 [ft_i] into 30.5 cm, not 30.48. */
  @Test
  void feetConvertExactly() {
    assertThat(convert("obs-height", null, 5.5, "[ft_i]")).isCloseTo(167.64, within());
    assertThat(convert("obs-height", null, 1, "[ft_i]")).isCloseTo(30.48, within());
  }
}
