package org.hemacds.fhir;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The patient's chart as one request sees it: every resource read from prefetch or the FHIR server
 * as its FHIR JSON, sorted by type and restricted to resources about {@code patientId}. A kind in
 * {@code unavailable} could not be read (missing, failed, partial): rules that need it cannot be
 * decided, and never fire on its absence.
 *
 * @param patient the Patient resource, or null
 * @param referenced Medication and BiologicallyDerivedProduct resources by {@code Type/id}
 */
public record PatientData(
    String patientId,
    JsonNode patient,
    Set<DataKind> unavailable,
    List<JsonNode> conditions,
    List<JsonNode> observations,
    List<JsonNode> medicationRequests,
    List<JsonNode> medicationStatements,
    List<JsonNode> medicationAdministrations,
    List<JsonNode> procedures,
    List<JsonNode> serviceRequests,
    List<JsonNode> researchSubjects,
    Map<String, JsonNode> referenced) {

  /** A chart with nothing read: every kind unavailable. */
  public static PatientData none(String patientId) {
    return new PatientData(
        patientId,
        null,
        Set.of(DataKind.values()),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Map.of());
  }

  public boolean available(DataKind kind) {
    return !unavailable.contains(kind);
  }

  @Override
  public String toString() {
    return "PatientData[unavailable=" + unavailable + "]";
  }
}
