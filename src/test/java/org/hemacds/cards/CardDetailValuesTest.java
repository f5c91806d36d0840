package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.FhirTestJson;
import org.hemacds.fhir.PatientDataLoader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * How observation values appear in a card's "Why this card": the reported value is quoted as sent
 * (not rounded), and a {@code show} item whose data could not be read says so instead of "none".
 */
class CardDetailValuesTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  static final String QTC_RULE =
      """
      id: R90
      version: 1
      title: test QTc
      status: active
      indicator: info
      services: [patient-view]
      when:
        observation: {valueSet: obs-qtc, lookbackDays: 30, op: ">", value: 500, unit: ms}
        as: qtc
      summary: "QTc {qtc} ms"
      source: {label: test, url: "https://example.org/qtc"}
      """;

  static final String SHOW_RULE =
      """
      id: R91
      version: 1
      title: test show
      status: active
      indicator: info
      services: [patient-view]
      when: {gender: female}
      summary: "shows the QTc"
      show:
        - {label: Latest QTc, valueSet: obs-qtc, lookbackDays: 30}
      source: {label: test, url: "https://example.org/show"}
      """;

  static RuleEngine engine() throws IOException {
    Path cards = Path.of("cards");
    Map<String, String> files =
        Map.of(
            "valuesets/obs-qtc.json",
            Files.readString(cards.resolve("valuesets/obs-qtc.json")),
            "units.yaml",
            "obs-qtc: []\n",
            "override-reasons.yaml",
            Files.readString(cards.resolve("override-reasons.yaml")),
            "R90-qtc.yaml",
            QTC_RULE,
            "R91-show.yaml",
            SHOW_RULE);
    return new RuleEngine(RuleCompiler.compile(FHIR, files));
  }

  static Observation qtc(double value, String unit) {
    Observation o = new Observation();
    o.setId("Observation/q1");
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setSubject(new Reference("Patient/p1"));
    o.setCode(
        new CodeableConcept()
            .addCoding(new Coding("http://loinc.org", "8636-3", "QTc"))
            .setText("QTc"));
    o.setEffective(new DateTimeType("2026-11-20"));
    o.setValue(
        new Quantity()
            .setValue(BigDecimal.valueOf(value))
            .setUnit(unit)
            .setSystem("http://unitsofmeasure.org")
            .setCode(unit));
    return o;
  }

  static String detail(String ruleId, List<Resource> observations, Set<DataKind> unavailable)
      throws IOException {
    Patient patient = new Patient();
    patient.setId("p1");
    patient.setGender(AdministrativeGender.FEMALE);
    Map<DataKind, List<Resource>> found = new EnumMap<>(DataKind.class);
    for (DataKind kind : DataKind.values()) {
      found.put(kind, new ArrayList<>());
    }
    found.get(DataKind.PATIENT).add(patient);
    found.get(DataKind.OBSERVATIONS).addAll(observations);
    unavailable.forEach(found::remove);
    Chart chart =
        Chart.of(
            PatientDataLoader.assemble("p1", FhirTestJson.json(found), unavailable),
            List.of(),
            TODAY);
    Decision decision =
        engine().evaluate("patient-view", chart, true).decisions().stream()
            .filter(d -> d.rule().id().equals(ruleId))
            .findFirst()
            .orElseThrow(() -> new AssertionError(ruleId + " did not fire"));
    return new CardRenderer(FHIR).render(decision).detail();
  }

  @Test
  void convertedValueQuotesTheReportedValueUnrounded() throws IOException {
    String detail = detail("R90", List.of(qtc(0.51, "s")), Set.of());
    assertThat(detail).contains("QTc 510 ms (reported as 0.51 s), 2026-11-20");
  }

  @Test
  void valueInTheCanonicalUnitIsNotRepeated() throws IOException {
    String detail = detail("R90", List.of(qtc(512, "ms")), Set.of());
    assertThat(detail).contains("QTc 512 ms, 2026-11-20").doesNotContain("reported as");
  }

  @Test
  void showItemSaysNoneWhenReadAndAbsent() throws IOException {
    String detail = detail("R91", List.of(), Set.of());
    assertThat(detail).contains("Latest QTc: none in the last 30 days");
  }

  @Test
  void showItemSaysCouldNotBeReadWhenObservationsAreUnavailable() throws IOException {
    String detail = detail("R91", List.of(), Set.of(DataKind.OBSERVATIONS));
    assertThat(detail)
        .contains("Latest QTc: could not be read (observations unavailable)")
        .doesNotContain("none in the last");
  }

  @Test
  void exactKeepsReportedDigits() {
    assertThat(Numbers.exact(0.51)).isEqualTo("0.51");
    assertThat(Numbers.exact(452.0)).isEqualTo("452");
    assertThat(Numbers.exact(3.85)).isEqualTo("3.85");
    assertThat(Numbers.format(3.85)).isEqualTo("3.9");
  }
}
