package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prefetch first; what is missing, failed, partial or unreadable goes to the FHIR server. */
class PatientDataLoaderTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  static final Set<DataKind> KINDS =
      EnumSet.of(DataKind.PATIENT, DataKind.CONDITIONS, DataKind.RESEARCH_SUBJECTS);
  static final DataNeeds NEEDS = new DataNeeds(KINDS, Set.of(), 0);
  static final FhirSource SOURCE = new FhirSource("http://127.0.0.1:9/fhir", "t0ken");

  /** Records what it is asked; answers each kind it has an answer for, the rest "failed". */
  static final class RecordingFetcher implements FhirFetcher {
    final Map<DataKind, List<JsonNode>> answers = new EnumMap<>(DataKind.class);
    final List<Set<DataKind>> calls = new ArrayList<>();

    @Override
    public Map<DataKind, List<JsonNode>> fetch(
        FhirSource source, String patientId, Set<DataKind> kinds, DataNeeds needs, LocalDate t) {
      calls.add(Set.copyOf(kinds));
      Map<DataKind, List<JsonNode>> result = new EnumMap<>(DataKind.class);
      kinds.stream().filter(answers::containsKey).forEach(k -> result.put(k, answers.get(k)));
      return result;
    }

    Set<DataKind> asked() {
      assertThat(calls).as("one fetch per request, all kinds at once").hasSize(1);
      return calls.get(0);
    }
  }

  private final RecordingFetcher fetcher = new RecordingFetcher();
  private final PatientDataLoader loader = new PatientDataLoader(Optional.of(fetcher));

  @Test
  void nullMeansNoDataAndIsNotFetchedAgain() {
    Map<String, JsonNode> prefetch = prefetch("patient", "null", "conditions", "null");
    prefetch.put("researchSubjects", JSON.nullNode());

    PatientData data = loader.load("p1", prefetch, SOURCE, NEEDS, TODAY);

    assertThat(fetcher.calls).isEmpty();
    assertThat(data.unavailable()).isEmpty();
    assertThat(data.conditions()).isEmpty();
    assertThat(data.researchSubjects()).isEmpty();
    assertThat(data.patient()).isNull();
  }

  @Test
  void absentKeysAreFetchedAndWhatFailsIsUnavailable() {
    fetcher.answers.put(DataKind.CONDITIONS, List.of(conditionResource("c1", "Patient/p1")));

    PatientData data = loader.load("p1", Map.of(), SOURCE, NEEDS, TODAY);

    assertThat(fetcher.asked()).isEqualTo(KINDS);
    assertThat(data.conditions()).extracting(FhirJson::id).containsExactly("c1");
    assertThat(data.unavailable())
        .containsExactlyInAnyOrder(DataKind.PATIENT, DataKind.RESEARCH_SUBJECTS);
  }

  @Test
  void withoutAFhirServerMissingDataIsUnavailableAndNothingIsFetched() {
    PatientData data =
        loader.load(
            "p1",
            prefetch("conditions", bundle(condition("c1", "Patient/p1"))),
            null,
            NEEDS,
            TODAY);

    assertThat(fetcher.calls).isEmpty();
    assertThat(data.unavailable())
        .containsExactlyInAnyOrder(DataKind.PATIENT, DataKind.RESEARCH_SUBJECTS);
    assertThat(data.conditions()).hasSize(1);
  }

  @Test
  void anOperationOutcomeIsAFailedQueryAndIsFetchedAgain() {
    String outcome =
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"timeout\"}]}";
    Map<String, JsonNode> prefetch =
        prefetch(
            "patient", patient("p1"), "conditions", outcome, "researchSubjects", emptyBundle());

    PatientData withServer = loader.load("p1", prefetch, SOURCE, NEEDS, TODAY);
    PatientData withoutServer =
        new PatientDataLoader(Optional.of(new RecordingFetcher()))
            .load("p1", prefetch, null, NEEDS, TODAY);

    assertThat(fetcher.asked()).containsExactly(DataKind.CONDITIONS);
    assertThat(withServer.unavailable()).containsExactly(DataKind.CONDITIONS);
    assertThat(withoutServer.unavailable()).containsExactly(DataKind.CONDITIONS);
    assertThat(withoutServer.patient()).isNotNull();
  }

  @Test
  void aBundleWithANextLinkIsPartialAndIsFetchedAgain() {
    String partial =
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":2,"
            + "\"link\":[{\"relation\":\"next\",\"url\":\"http://ehr/fhir?page=2\"}],"
            + "\"entry\":[{\"resource\":"
            + condition("c1", "Patient/p1")
            + "}]}";
    fetcher.answers.put(
        DataKind.CONDITIONS,
        List.of(conditionResource("c1", "Patient/p1"), conditionResource("c2", "Patient/p1")));

    PatientData data =
        loader.load(
            "p1",
            prefetch(
                "patient", patient("p1"), "conditions", partial, "researchSubjects", emptyBundle()),
            SOURCE,
            NEEDS,
            TODAY);

    assertThat(fetcher.asked()).containsExactly(DataKind.CONDITIONS);
    assertThat(data.conditions()).hasSize(2);
    assertThat(data.unavailable()).isEmpty();
  }

  @Test
  void aBundleWithFewerMatchesThanItsTotalIsPartialAndIsFetchedAgain() {
    String page =
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":3,\"entry\":[{\"resource\":"
            + condition("c1", "Patient/p1")
            + "}]}";
    String withIncluded =
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"entry\":["
            + "{\"resource\":{\"resourceType\":\"ResearchStudy\",\"id\":\"s\"},"
            + "\"search\":{\"mode\":\"include\"}}]}";

    PatientData data =
        loader.load(
            "p1",
            prefetch(
                "patient", patient("p1"), "conditions", page, "researchSubjects", withIncluded),
            null,
            NEEDS,
            TODAY);

    assertThat(data.unavailable()).containsExactly(DataKind.CONDITIONS);
    assertThat(data.conditions()).isEmpty();
  }

  @Test
  void aPatientRecordOfAnotherIdIsUnavailableAndIsFetchedAgain() {
    fetcher.answers.put(DataKind.PATIENT, List.of(JSON.readTree(patient("p1"))));
    Map<String, JsonNode> theirs =
        prefetch(
            "patient",
            patient("p2"),
            "conditions",
            emptyBundle(),
            "researchSubjects",
            emptyBundle());

    PatientData data = loader.load("p1", theirs, SOURCE, NEEDS, TODAY);

    assertThat(fetcher.asked()).containsExactly(DataKind.PATIENT);
    assertThat(FhirJson.id(data.patient())).isEqualTo("p1");
    assertThat(new PatientDataLoader(Optional.empty()).load("p1", theirs, null, NEEDS, TODAY))
        .extracting(PatientData::unavailable)
        .isEqualTo(Set.of(DataKind.PATIENT));
  }

  @Test
  void aResourceOfTheWrongTypeOrNoResourceAtAllIsFetchedAgain() {
    Map<String, JsonNode> prefetch =
        prefetch(
            "patient", emptyBundle(), // a search where a read was expected
            "conditions", patient("p1"), // a read where a search was expected
            "researchSubjects", "{\"hello\":\"world\"}"); // not FHIR

    PatientData data = loader.load("p1", prefetch, SOURCE, NEEDS, TODAY);

    assertThat(fetcher.asked()).isEqualTo(KINDS);
    assertThat(data.unavailable()).isEqualTo(KINDS);

    Map<String, JsonNode> unknownType =
        prefetch("conditions", "{\"resourceType\":\"NoSuchResource\",\"id\":\"x\"}");
    RecordingFetcher second = new RecordingFetcher();
    new PatientDataLoader(Optional.of(second))
        .load(
            "p1",
            unknownType,
            SOURCE,
            new DataNeeds(Set.of(DataKind.CONDITIONS), Set.of(), 0),
            TODAY);
    assertThat(second.asked()).containsExactly(DataKind.CONDITIONS);
  }

  @Test
  void anotherPatientsResourcesAreDropped() {
    String conditions =
        bundle(
            condition("mine", "Patient/p1"),
            condition("absolute", "http://ehr.example/fhir/Patient/p1"),
            condition("versioned", "Patient/p1/_history/3"),
            condition("theirs", "Patient/p2"),
            condition("prefix", "Patient/p10"),
            condition("nobody", null));
    String subjects =
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            + "{\"resourceType\":\"ResearchSubject\",\"id\":\"rs\",\"status\":\"on-study\","
            + "\"study\":{\"reference\":\"ResearchStudy/s\"},"
            + "\"individual\":{\"reference\":\"Patient/p2\"}}}]}";

    PatientData data =
        loader.load(
            "p1",
            prefetch(
                "patient", patient("p2"), "conditions", conditions, "researchSubjects", subjects),
            null,
            NEEDS,
            TODAY);

    assertThat(data.conditions())
        .extracting(FhirJson::id)
        .containsExactlyInAnyOrder("mine", "absolute", "versioned");
    assertThat(data.researchSubjects()).isEmpty();
    assertThat(data.patient()).as("another patient's record is not this patient").isNull();
  }

  @Test
  void fetchedResourcesAboutAnotherPatientAreDroppedToo() {
    fetcher.answers.put(
        DataKind.CONDITIONS,
        List.of(conditionResource("mine", "Patient/p1"), conditionResource("x", "Patient/p2")));

    PatientData data =
        loader.load(
            "p1",
            new LinkedHashMap<>(),
            SOURCE,
            new DataNeeds(Set.of(DataKind.CONDITIONS), Set.of(), 0),
            TODAY);

    assertThat(data.conditions()).extracting(FhirJson::id).containsExactly("mine");
  }

  @Test
  void includedMedicationsAreKeptAsReferencedResources() {
    String requests =
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
            + "{\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"mr\","
            + "\"status\":\"active\",\"intent\":\"order\","
            + "\"medicationReference\":{\"reference\":\"Medication/m1\"},"
            + "\"subject\":{\"reference\":\"Patient/p1\"}},\"search\":{\"mode\":\"match\"}},"
            + "{\"resource\":{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"text\":"
            + "\"cyclosporine\"}},\"search\":{\"mode\":\"include\"}},"
            + "{\"fullUrl\":\"urn:uuid:no-resource\"}]}";

    PatientData data =
        loader.load(
            "p1",
            prefetch("medicationRequests", requests),
            null,
            new DataNeeds(Set.of(DataKind.MEDICATION_REQUESTS), Set.of(), 0),
            TODAY);

    assertThat(data.medicationRequests()).hasSize(1);
    assertThat(data.referenced()).containsKey("Medication/m1");
    assertThat(data.unavailable()).isEmpty();
  }

  @Test
  void onlyTheKindsTheRulesNeedAreRead() {
    PatientData data =
        loader.load(
            "p1",
            Map.of(),
            SOURCE,
            new DataNeeds(Set.of(DataKind.RESEARCH_SUBJECTS), Set.of(), 0),
            TODAY);

    assertThat(fetcher.asked()).containsExactly(DataKind.RESEARCH_SUBJECTS);
    assertThat(data.unavailable()).containsExactly(DataKind.RESEARCH_SUBJECTS);
  }

  // ---- fixtures

  /** Key/JSON pairs; the JSON text "null" is a JSON null. */
  static Map<String, JsonNode> prefetch(String... keyValues) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], JSON.readTree(keyValues[i + 1]));
    }
    return map;
  }

  static String condition(String id, String subject) {
    return conditionResource(id, subject).toString();
  }

  static JsonNode conditionResource(String id, String subject) {
    Condition c = new Condition();
    c.setId(id);
    c.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "D61.9", null)));
    if (subject != null) {
      c.setSubject(new Reference(subject));
    }
    return FhirTestJson.json(c);
  }

  static String patient(String id) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\"}";
  }

  static String emptyBundle() {
    return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";
  }

  static String bundle(String... resources) {
    StringBuilder b =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
    for (int i = 0; i < resources.length; i++) {
      b.append(i == 0 ? "" : ",").append("{\"resource\":").append(resources[i]).append('}');
    }
    return b.append("]}").toString();
  }
}
