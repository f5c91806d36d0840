package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.cards.Rule.DoseSpec;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.FhirTestJson;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The BSA dose (R23): Mosteller or a recorded BSA, rounding to the capsule with halves up, the
 * {@code method} field, unusable inputs; and the {@code {x?yes|no}} presence placeholder.
 */
class BodySurfaceDoseTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final RuleSet RULES =
      RuleCompiler.compile(
          FHIR, RuleCatalog.read("file:" + java.nio.file.Path.of("cards").toAbsolutePath() + "/"));
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  static DoseSpec spec() {
    return new DoseSpec(
        25,
        10,
        RULES.valueSets().find("obs-bsa").orElseThrow(),
        30,
        RULES.valueSets().find("obs-height").orElseThrow(),
        365,
        RULES.valueSets().find("obs-weight").orElseThrow(),
        30);
  }

  static Observation obs(String id, String loinc, double value, String unit, String date) {
    Observation o = new Observation();
    o.setId(id);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode(loinc);
    o.setSubject(new Reference("Patient/p1"));
    o.setEffective(new DateTimeType(date));
    Quantity q = new Quantity().setValue(BigDecimal.valueOf(value));
    if (unit != null) {
      q.setSystem("http://unitsofmeasure.org").setCode(unit).setUnit(unit);
    }
    o.setValue(q);
    return o;
  }

  static Evaluation evaluation(Observation... observations) {
    Map<DataKind, List<Resource>> found = new EnumMap<>(DataKind.class);
    for (DataKind kind : DataKind.values()) {
      found.put(kind, new ArrayList<>());
    }
    found.get(DataKind.OBSERVATIONS).addAll(List.of(observations));
    PatientData data = PatientDataLoader.assemble("p1", FhirTestJson.json(found), Set.of());
    return new Evaluation(Chart.of(data, List.of(), TODAY), RULES.units(), List.of());
  }

  @Test
  void mostellerRoundsToTheNearestCapsuleAndNamesTheMethod() {
    Fact dose =
        BodySurfaceDose.compute(
            spec(),
            evaluation(
                obs("h", "8302-2", 170, "cm", "2026-06-01"),
                obs("w", "29463-7", 70, "kg", "2026-11-20")));
    assertThat(dose.field("known")).isEqualTo("true");
    assertThat(dose.field("bsa")).isEqualTo("1.82");
    assertThat(dose.field("raw")).isEqualTo("45.5");
    assertThat(dose.field("mg")).isEqualTo("50");
    assertThat(dose.field("method")).isEqualTo("Mosteller");
    assertThat(dose.line()).contains("BSA 1.82 m² → 45.5 mg → 50 mg daily");
  }

  @Test
  void theDoseIsRoundedOnceAndTheShownFigureAgreesWithIt() {
    // 1.7984 m² × 25 = 44.96 mg: 40 mg (not 1.80 m² → 45 → 50); shown as 44.9, not 45.
    Fact dose =
        BodySurfaceDose.compute(spec(), evaluation(obs("b", "3140-1", 1.7984, "m2", "2026-11-20")));
    assertThat(dose.field("mg")).isEqualTo("40");
    assertThat(dose.field("raw")).isEqualTo("44.9");
    assertThat(dose.field("bsa")).isEqualTo("1.8");
  }

  @Test
  void aRecordedBsaWinsAndHalvesRoundUp() {
    Fact dose =
        BodySurfaceDose.compute(
            spec(),
            evaluation(
                obs("b", "3140-1", 1.8, "m2", "2026-11-20"),
                obs("h", "8302-2", 170, "cm", "2026-06-01"),
                obs("w", "29463-7", 70, "kg", "2026-11-20")));
    assertThat(dose.field("mg")).isEqualTo("50");
    assertThat(dose.field("raw")).isEqualTo("45");
    assertThat(dose.field("method")).isEqualTo("as recorded");
    assertThat(dose.line()).contains("recorded BSA (`Observation/b`");
  }

  @Test
  void aNonPositiveRecordedBsaFallsBackToMosteller() {
    Fact dose =
        BodySurfaceDose.compute(
            spec(),
            evaluation(
                obs("b", "3140-1", 0, "m2", "2026-11-20"),
                obs("h", "8302-2", 170, "cm", "2026-06-01"),
                obs("w", "29463-7", 70, "kg", "2026-11-20")));
    assertThat(dose.field("method")).isEqualTo("Mosteller");
    assertThat(dose.field("mg")).isEqualTo("50");
  }

  @Test
  void missingAndUnusableInputsGiveAReason() {
    Fact missing =
        BodySurfaceDose.compute(spec(), evaluation(obs("w", "29463-7", 70, "kg", "2026-11-20")));
    assertThat(missing.field("known")).isEqualTo("false");
    assertThat(missing.field("reason")).isEqualTo("no height in 365 days");
    assertThat(missing.field("mg")).isNull();

    Fact both = BodySurfaceDose.compute(spec(), evaluation());
    assertThat(both.field("reason")).isEqualTo("no weight in 30 days / no height in 365 days");

    Fact noUnit =
        BodySurfaceDose.compute(
            spec(),
            evaluation(
                obs("h", "8302-2", 170, null, "2026-06-01"),
                obs("w", "29463-7", 70, "kg", "2026-11-20")));
    assertThat(noUnit.field("reason")).isEqualTo("latest height not usable (unit or value)");
  }

  @Test
  void aDoseThatRoundsToZeroIsNotProposed() {
    Fact dose =
        BodySurfaceDose.compute(
            spec(),
            evaluation(
                obs("h", "8302-2", 1.7, "cm", "2026-06-01"),
                obs("w", "29463-7", 70, "kg", "2026-11-20")));
    assertThat(dose.field("known")).isEqualTo("false");
    assertThat(dose.field("reason")).contains("rounds to 0 mg");
  }

  @Test
  void presencePlaceholderPrintsOneOfTwoTexts() {
    Evaluation evaluation = evaluation();
    assertThat(Templates.fill("baseline {b?on file|missing}", evaluation))
        .isEqualTo("baseline missing");
    assertThat(Templates.fill("[{b?on file}]", evaluation)).isEqualTo("[]");
    evaluation.bind("b", Fact.note("some line"));
    assertThat(Templates.fill("baseline {b?on file|missing}", evaluation))
        .isEqualTo("baseline on file");
    assertThat(Templates.fill("{b.value|none}", evaluation)).isEqualTo("none");
    assertThat(Templates.names("{b?on file|missing} {c|x} {d}")).containsExactly("b", "d");
  }
}
