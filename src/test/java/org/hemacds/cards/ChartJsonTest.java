package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.FhirJson;
import org.hemacds.fhir.FhirTestJson;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.terminology.CodedValue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The chart reads its facts straight from the request's FHIR JSON: a value of the wrong JSON type
 * is absent (never a failure, never a guessed value), and references resolve as FHIR says.
 */
class ChartJsonTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  static final String HB =
      "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"718-7\"}]}";
  static final String ME = "\"subject\":{\"reference\":\"Patient/p1\"}";

  @Test
  void anObservationOfTheRightShapeIsAFact() {
    Chart chart =
        chart(
            DataKind.OBSERVATIONS,
            "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\","
                + HB
                + ","
                + ME
                + ",\"effectiveDateTime\":\"2026-11-01T23:00:00-05:00\","
                + "\"issued\":\"2026-11-02T05:00:00Z\","
                + "\"valueQuantity\":{\"value\":9.5,\"unit\":\"g/dL\",\"system\":"
                + "\"http://unitsofmeasure.org\",\"code\":\"g/dL\",\"comparator\":\"<\"},"
                + "\"referenceRange\":[{\"low\":{\"value\":12,\"unit\":\"g/dL\"},"
                + "\"high\":{\"value\":15.5,\"unit\":\"g/dL\"}}]}");

    Chart.ObservationFact o = chart.observations().get(0);
    assertThat(o.ref()).isEqualTo("Observation/o1");
    assertThat(o.codes()).containsExactly(new CodedValue("http://loinc.org", "718-7", null));
    assertThat(o.date()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(o.issued()).isEqualTo(java.time.Instant.parse("2026-11-02T05:00:00Z"));
    assertThat(o.value()).isEqualTo(9.5);
    assertThat(o.comparator()).isEqualTo("<");
    assertThat(o.unit()).isEqualTo("g/dL");
    assertThat(o.low()).isEqualTo(new Chart.Bound(12.0, "g/dL"));
    assertThat(o.high()).isEqualTo(new Chart.Bound(15.5, "g/dL"));
  }

  @Test
  void valuesOfTheWrongJsonTypeAreAbsent() {
    Chart chart =
        chart(
            DataKind.OBSERVATIONS,
            obs("string-value", "\"valueQuantity\":{\"value\":\"9.5\",\"unit\":\"g/dL\"}"),
            obs("huge-value", "\"valueQuantity\":{\"value\":1e999,\"unit\":\"g/dL\"}"),
            obs("huge-integer", "\"valueQuantity\":{\"value\":" + "9".repeat(400) + "}"),
            "{\"resourceType\":\"Observation\",\"id\":\"numeric-status\",\"status\":1,"
                + HB
                + ","
                + ME
                + ",\"effectiveDateTime\":\"2026-11-01\"}",
            "{\"resourceType\":\"Observation\",\"id\":\"string-code\",\"status\":\"final\","
                + "\"code\":\"718-7\","
                + ME
                + ",\"effectiveDateTime\":\"2026-11-01\"}",
            "{\"resourceType\":\"Observation\",\"id\":\"coding-object\",\"status\":\"final\","
                + "\"code\":{\"coding\":{\"system\":\"http://loinc.org\",\"code\":\"718-7\"}},"
                + ME
                + ",\"effectiveDateTime\":\"2026-11-01\"}",
            "{\"resourceType\":\"Observation\",\"id\":\"extension-only-status\","
                + "\"_status\":{\"extension\":[]},"
                + HB
                + ","
                + ME
                + ",\"effectiveDateTime\":\"2026-11-01\"}");

    assertThat(chart.observations())
        .extracting(Chart.ObservationFact::ref)
        .as("an observation without a readable status is not counted")
        .containsExactly(
            "Observation/string-value",
            "Observation/huge-value",
            "Observation/huge-integer",
            "Observation/string-code",
            "Observation/coding-object");
    assertThat(chart.observations()).allSatisfy(o -> assertThat(o.value()).as(o.ref()).isNull());
    assertThat(chart.observations().subList(3, 5)).allSatisfy(o -> assertThat(o.codes()).isEmpty());
  }

  @Test
  void undatedPreliminaryAbsentAndOtherPatientsObservationsAreNotFacts() {
    Chart chart =
        chart(
            DataKind.OBSERVATIONS,
            obs("bad-date", "\"valueQuantity\":{\"value\":9}").replace("2026-11-01", "2026-02-30"),
            obs("preliminary", "\"valueQuantity\":{\"value\":9}")
                .replace("\"final\"", "\"preliminary\""),
            obs("absent", "\"dataAbsentReason\":{\"coding\":[{\"code\":\"error\"}]}"),
            obs("theirs", "\"valueQuantity\":{\"value\":9}").replace("Patient/p1", "Patient/p2"),
            obs("mine", "\"valueQuantity\":{\"value\":9}"));

    assertThat(chart.observations())
        .extracting(Chart.ObservationFact::ref)
        .containsExactly("Observation/mine");
  }

  @Test
  void medicationReferencesResolveToContainedPrefetchedAndDraftMedications() {
    String contained =
        "{\"resourceType\":\"MedicationRequest\",\"id\":\"contained\",\"status\":\"active\","
            + "\"intent\":\"order\","
            + ME
            + ",\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"m0\",\"code\":"
            + rxnorm("1", "drug one")
            + "}],\"medicationReference\":{\"reference\":\"#m0\"}}";
    String prefetched =
        "{\"resourceType\":\"MedicationRequest\",\"id\":\"prefetched\",\"status\":\"active\","
            + "\"intent\":\"order\","
            + ME
            + ",\"medicationReference\":{\"reference\":\"http://ehr/fhir/Medication/m2/_history/4\"}}";
    String medication =
        "{\"resourceType\":\"Medication\",\"id\":\"m2\",\"code\":" + rxnorm("2", "drug two") + "}";
    String unresolved =
        "{\"resourceType\":\"MedicationRequest\",\"id\":\"unresolved\",\"status\":\"active\","
            + "\"intent\":\"order\","
            + ME
            + ",\"medicationReference\":{\"reference\":\"Medication/nowhere\","
            + "\"display\":\"drug three\"}}";
    Map<DataKind, List<JsonNode>> found = new EnumMap<>(DataKind.class);
    found.put(
        DataKind.MEDICATION_REQUESTS,
        List.of(json(contained), json(prefetched), json(medication), json(unresolved)));
    JsonNode draft =
        json(
            "{\"resourceType\":\"MedicationRequest\",\"id\":\"d1\",\"status\":\"draft\","
                + "\"intent\":\"order\","
                + ME
                + ",\"medicationReference\":{\"reference\":\"Medication/dm\"}}");
    JsonNode draftMedication =
        json(
            "{\"resourceType\":\"Medication\",\"id\":\"dm\",\"code\":" + rxnorm("4", "four") + "}");

    Chart chart =
        Chart.of(
            PatientDataLoader.assemble("p1", found, Set.of()),
            List.of(
                new DraftOrder("MedicationRequest/d1", draft, true),
                new DraftOrder("Medication/dm", draftMedication, false)),
            TODAY);

    assertThat(chart.medications())
        .extracting(m -> m.ref() + " " + m.display() + " " + m.codes().size())
        .containsExactly(
            "MedicationRequest/contained drug one 1",
            "MedicationRequest/prefetched drug two 1",
            "MedicationRequest/unresolved drug three 0");
    assertThat(chart.drafts().get(0).codes()).extracting(CodedValue::code).containsExactly("4");
  }

  @Test
  void onlyDraftsOrOrdersWithoutStatusAreOrdersBeingPlaced() {
    List<DraftOrder> drafts = new java.util.ArrayList<>();
    for (String status : List.of("\"draft\"", "\"active\"", "5", "\"\"", "null", "absent")) {
      String field = status.equals("absent") ? "" : "\"status\":" + status + ",";
      String id = "d" + drafts.size();
      drafts.add(
          new DraftOrder(
              "ServiceRequest/" + id,
              json(
                  "{\"resourceType\":\"ServiceRequest\",\"id\":\""
                      + id
                      + "\","
                      + field
                      + "\"intent\":\"order\","
                      + ME
                      + "}"),
              true));
    }

    Chart chart = Chart.of(PatientData.none("p1"), drafts, TODAY);

    // d0 "draft" and d5 without a status; "active", a number, "" and null are not drafts.
    assertThat(chart.drafts())
        .extracting(Chart.DraftFact::reference)
        .containsExactly("ServiceRequest/d0", "ServiceRequest/d5");
  }

  @Test
  void transfusedUnitsCountOnlyWholePositiveQuantities() {
    String procedure =
        "{\"resourceType\":\"Procedure\",\"id\":\"tx\",\"status\":\"completed\","
            + ME
            + ",\"performedDateTime\":\"2026-11-01\",\"usedReference\":["
            + "{\"reference\":\"BiologicallyDerivedProduct/two\"},"
            + "{\"reference\":\"BiologicallyDerivedProduct/half\"},"
            + "{\"reference\":\"BiologicallyDerivedProduct/text\"},"
            + "{\"reference\":\"#one\"}],"
            + "\"contained\":[{\"resourceType\":\"BiologicallyDerivedProduct\",\"id\":\"one\","
            + "\"quantity\":1}]}";
    Chart chart =
        chart(
            DataKind.PROCEDURES,
            procedure,
            "{\"resourceType\":\"BiologicallyDerivedProduct\",\"id\":\"two\",\"quantity\":2}",
            "{\"resourceType\":\"BiologicallyDerivedProduct\",\"id\":\"half\",\"quantity\":2.5}",
            "{\"resourceType\":\"BiologicallyDerivedProduct\",\"id\":\"text\",\"quantity\":\"4\"}");

    assertThat(chart.procedures())
        .singleElement()
        .extracting(Chart.ProcedureFact::units)
        .isEqualTo(3);
  }

  @Test
  void aBundleEntryWithoutAnIdTakesItsFullUrl() {
    JsonNode bundle =
        json(
            "{\"resourceType\":\"Bundle\",\"entry\":["
                + "{\"fullUrl\":\"http://ehr/fhir/Condition/c9\",\"resource\":"
                + "{\"resourceType\":\"Condition\"}},"
                + "{\"fullUrl\":\"urn:uuid:1234\",\"resource\":{\"resourceType\":\"Condition\"}},"
                + "{\"fullUrl\":\"http://ehr/fhir/Condition/other\",\"resource\":"
                + "{\"resourceType\":\"Condition\",\"id\":\"own\"}}]}");

    assertThat(FhirJson.entries(bundle))
        .extracting(FhirJson::id)
        .containsExactly("c9", "urn:uuid:1234", "own");
    assertThat(bundle.get("entry").get(0).get("resource").has("id"))
        .as("the request itself is not changed")
        .isFalse();
  }

  @Test
  void conditionsKeepTheirStatusAndDateAndRefutedOnesAreGone() {
    Chart chart =
        chart(
            DataKind.CONDITIONS,
            condition("c1", "\"onsetDateTime\":\"2020-05\",\"clinicalStatus\":" + status("active")),
            condition(
                "c2", "\"recordedDate\":\"2021-01-02\",\"clinicalStatus\":" + status("resolved")),
            condition("c3", "\"verificationStatus\":" + status("refuted")),
            condition("c4", "\"verificationStatus\":" + status("entered-in-error")),
            condition("c5", "\"onsetString\":\"childhood\",\"recordedDate\":\"2019-03-04\""));

    assertThat(chart.conditions())
        .extracting(c -> c.ref() + " " + c.clinicalStatus() + " " + c.date())
        .containsExactly(
            "Condition/c1 active 2020-05-01",
            "Condition/c2 resolved 2021-01-02",
            "Condition/c5 null 2019-03-04");
  }

  // ---- fixtures

  private static Chart chart(DataKind kind, String... resources) {
    Map<DataKind, List<JsonNode>> found = new EnumMap<>(DataKind.class);
    found.put(kind, java.util.Arrays.stream(resources).map(ChartJsonTest::json).toList());
    PatientData data = PatientDataLoader.assemble("p1", found, Set.of());
    return Chart.of(data, List.of(), TODAY);
  }

  private static JsonNode json(String text) {
    return FhirTestJson.json(text);
  }

  private static String obs(String id, String value) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\","
        + HB
        + ","
        + ME
        + ",\"effectiveDateTime\":\"2026-11-01\","
        + value
        + "}";
  }

  private static String condition(String id, String fields) {
    return "{\"resourceType\":\"Condition\",\"id\":\""
        + id
        + "\","
        + ME
        + ",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\","
        + "\"code\":\"D61.9\"}]},"
        + fields
        + "}";
  }

  private static String status(String code) {
    return "{\"coding\":[{\"code\":\"" + code + "\"}]}";
  }

  private static String rxnorm(String code, String display) {
    return "{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\""
        + code
        + "\",\"display\":\""
        + display
        + "\"}]}";
  }
}
