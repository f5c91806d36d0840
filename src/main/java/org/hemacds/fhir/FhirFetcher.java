package org.hemacds.fhir;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/** Fetches data a request did not prefetch from its FHIR server. */
public interface FhirFetcher {

  /**
   * Fetches each kind, all in parallel under one deadline. A kind that failed, timed out or came
   * back malformed is absent from the result; a kind present maps to every resource read for it
   * (including referenced Medication resources).
   */
  Map<DataKind, List<Resource>> fetch(
      FhirSource source, String patientId, Set<DataKind> kinds, DataNeeds needs, LocalDate today);
}
