package org.hemacds.fhir;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Fetches data a request did not prefetch from its FHIR server. */
public interface FhirFetcher {

  /**
   * Fetches each kind, all in parallel under one deadline. A kind that failed, timed out or came
   * back malformed is absent from the result; a kind present maps to every resource read for it
   * (including referenced Medication resources), as FHIR JSON.
   */
  Map<DataKind, List<JsonNode>> fetch(
      FhirSource source, String patientId, Set<DataKind> kinds, DataNeeds needs, LocalDate today);
}
