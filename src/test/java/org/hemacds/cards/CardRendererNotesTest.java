package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hemacds.cards.model.Card;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.FhirTestJson;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** A note prints {@code text} when TRUE, {@code otherwise} when FALSE, and nothing when UNKNOWN. */
class CardRendererNotesTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  static final String RULE =
      """
      id: R99
      version: 1
      title: Note rendering test
      status: active
      indicator: info
      services: [patient-view]
      when:
        observation: {valueSet: obs-ferritin, lookbackDays: 90}
      summary: Ferritin on file
      notes:
        - when: {onMedication: {valueSet: vs-iron-chelator}}
          text: "Chelator: yes"
          otherwise: "Chelator: no"
      source: {label: Test, url: "https://example.org/test"}
      """;

  static final RuleEngine ENGINE = new RuleEngine(compile());
  static final CardRenderer RENDERER = new CardRenderer(FHIR);

  private static RuleSet compile() {
    Map<String, String> files = new TreeMap<>();
    RuleCatalog.read("file:cards/")
        .forEach(
            (path, text) -> {
              if (path.startsWith(RuleCompiler.VALUESETS_DIR)
                  || path.equals(RuleCompiler.UNITS_FILE)
                  || path.equals(RuleCompiler.OVERRIDE_REASONS_FILE)
                  || path.equals(RuleCompiler.PREDICATES_FILE)) {
                files.put(path, text);
              }
            });
    files.put("R99-note-test.yaml", RULE);
    return RuleCompiler.compile(FHIR, files);
  }

  @Test
  void falseNotePrintsOtherwise() {
    assertThat(detail(List.of(), Set.of()))
        .contains("Chelator: no")
        .doesNotContain("Chelator: yes");
  }

  @Test
  void trueNotePrintsText() {
    MedicationRequest chelator = new MedicationRequest();
    chelator.setId("dfx");
    chelator.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    chelator.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    chelator.setSubject(new Reference("Patient/p1"));
    chelator.setMedication(
        new CodeableConcept(
            new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "614373", "deferasirox")));
    assertThat(detail(List.of(chelator), Set.of()))
        .contains("Chelator: yes")
        .doesNotContain("Chelator: no");
  }

  @Test
  void unknownNotePrintsNothing() {
    assertThat(detail(List.of(), Set.of(DataKind.MEDICATION_REQUESTS)))
        .doesNotContain("Chelator: no")
        .doesNotContain("Chelator: yes");
  }

  private static String detail(List<Resource> medications, Set<DataKind> unavailable) {
    Observation ferritin = new Observation();
    ferritin.setId("ferritin");
    ferritin.setStatus(Observation.ObservationStatus.FINAL);
    ferritin.setSubject(new Reference("Patient/p1"));
    ferritin.setCode(new CodeableConcept(new Coding("http://loinc.org", "2276-4", "Ferritin")));
    ferritin.setEffective(new DateTimeType("2026-11-20"));
    ferritin.setValue(
        new Quantity()
            .setValue(2400)
            .setUnit("ng/mL")
            .setSystem("http://unitsofmeasure.org")
            .setCode("ng/mL"));
    Map<DataKind, List<Resource>> found = new EnumMap<>(DataKind.class);
    for (DataKind kind : DataKind.values()) {
      if (!unavailable.contains(kind)) {
        found.put(kind, new ArrayList<>());
      }
    }
    found.get(DataKind.OBSERVATIONS).add(ferritin);
    if (!unavailable.contains(DataKind.MEDICATION_REQUESTS)) {
      found.get(DataKind.MEDICATION_REQUESTS).addAll(medications);
    }
    PatientData data = PatientDataLoader.assemble("p1", FhirTestJson.json(found), unavailable);
    RuleEngine.Result result =
        ENGINE.evaluate("patient-view", Chart.of(data, List.of(), TODAY), true);
    assertThat(result.decisions()).hasSize(1);
    Card card = RENDERER.render(result.decisions().get(0));
    return card.detail();
  }
}
