package org.hemacds.fhir;

/**
 * The kinds of patient data the rules read. Each has one prefetch key and one FHIR query, using
 * only the prefetch tokens CDS Hooks 2.0 allows and never repeating a query parameter.
 */
public enum DataKind {
  PATIENT("patient", "Patient/{{context.patientId}}"),
  CONDITIONS("conditions", "Condition?patient={{context.patientId}}"),
  OBSERVATIONS("observations", "Observation?patient={{context.patientId}}"),
  MEDICATION_REQUESTS("medicationRequests", "MedicationRequest?patient={{context.patientId}}"),
  MEDICATION_STATEMENTS(
      "medicationStatements", "MedicationStatement?patient={{context.patientId}}"),
  MEDICATION_ADMINISTRATIONS(
      "medicationAdministrations", "MedicationAdministration?patient={{context.patientId}}"),
  PROCEDURES("procedures", "Procedure?patient={{context.patientId}}"),
  SERVICE_REQUESTS("serviceRequests", "ServiceRequest?patient={{context.patientId}}"),
  RESEARCH_SUBJECTS("researchSubjects", "ResearchSubject?individual={{context.patientId}}");

  private final String prefetchKey;
  private final String baseQuery;

  DataKind(String prefetchKey, String baseQuery) {
    this.prefetchKey = prefetchKey;
    this.baseQuery = baseQuery;
  }

  /** The key of this data in a request's {@code prefetch}. */
  public String prefetchKey() {
    return prefetchKey;
  }

  /** The query without code filters, with the patient token. */
  public String baseQuery() {
    return baseQuery;
  }

  public boolean isSearch() {
    return this != PATIENT;
  }
}
