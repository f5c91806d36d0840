package org.hemacds.fhir;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The patient's chart as one request sees it: everything read from prefetch or the FHIR server,
 * restricted to resources about {@code patientId}. A kind in {@code unavailable} could not be read
 * (missing, failed, partial): rules that need it cannot be decided, and never fire on its absence.
 *
 * @param referenced Medication and BiologicallyDerivedProduct resources by {@code Type/id}
 */
public record PatientData(
    String patientId,
    Patient patient,
    Set<DataKind> unavailable,
    List<Condition> conditions,
    List<Observation> observations,
    List<MedicationRequest> medicationRequests,
    List<MedicationStatement> medicationStatements,
    List<MedicationAdministration> medicationAdministrations,
    List<Procedure> procedures,
    List<ServiceRequest> serviceRequests,
    List<ResearchSubject> researchSubjects,
    Map<String, Resource> referenced) {

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
