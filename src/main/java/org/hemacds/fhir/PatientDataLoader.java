package org.hemacds.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Assembles {@link PatientData}: prefetch first; every kind that is missing, failed (an
 * OperationOutcome), partial (a Bundle with a {@code next} link, or fewer entries than its {@code
 * total}), another patient's (a Patient of another id) or unreadable is fetched from the FHIR
 * server when the request names one, and otherwise counts as unavailable. Resources stay the
 * request's FHIR JSON: the chart reads the few elements its rules need straight from it.
 */
@Component
public class PatientDataLoader {

  private final Optional<FhirFetcher> fetcher;

  public PatientDataLoader(Optional<FhirFetcher> fetcher) {
    this.fetcher = fetcher;
  }

  /**
   * @param prefetch the request's prefetch (a JSON null value = "no data")
   * @param source the FHIR server to fall back on, or null
   * @param needs what the triggered rules read
   * @param today the request date (bounds observation queries)
   */
  public PatientData load(
      String patientId,
      Map<String, JsonNode> prefetch,
      FhirSource source,
      DataNeeds needs,
      LocalDate today) {
    Set<DataKind> kinds = needs.kinds();
    Map<DataKind, List<JsonNode>> found = new EnumMap<>(DataKind.class);
    Set<DataKind> missing = EnumSet.noneOf(DataKind.class);
    for (DataKind kind : kinds) {
      List<JsonNode> fromPrefetch = fromPrefetch(kind, prefetch, patientId);
      if (fromPrefetch != null) {
        found.put(kind, fromPrefetch);
      } else {
        missing.add(kind);
      }
    }
    if (!missing.isEmpty() && source != null && fetcher.isPresent()) {
      Map<DataKind, List<JsonNode>> fetched =
          fetcher.get().fetch(source, patientId, missing, needs, today);
      fetched.forEach(
          (kind, resources) -> {
            found.put(kind, resources);
            missing.remove(kind);
          });
    }
    List<JsonNode> observations = found.get(DataKind.OBSERVATIONS);
    if (observations != null) {
      found.put(DataKind.OBSERVATIONS, withoutObservationsTooOld(observations, needs, today));
    }
    return assemble(patientId, found, missing);
  }

  /** Null when the key is absent or its value is unusable; a JSON null is "no data". */
  private static List<JsonNode> fromPrefetch(
      DataKind kind, Map<String, JsonNode> prefetch, String patientId) {
    JsonNode node = prefetch.get(kind.prefetchKey());
    if (node == null) {
      return null;
    }
    if (node.isNull()) {
      return List.of();
    }
    if (kind.isSearch()) {
      List<JsonNode> entries = FhirJson.entries(node);
      return entries == null
              || FhirJson.hasNext(node)
              || FhirJson.fewerThanTotal(node, FhirJson.matches(node))
          ? null
          : entries;
    }
    return FhirJson.is(node, "Patient") && patientId.equals(FhirJson.id(node))
        ? List.of(node)
        : null;
  }

  /**
   * The Observations without those older than any rule reading their codes looks back (plus a day,
   * as the FHIR fetch's {@code date=ge}): a prefetch carries the whole history, and the chart need
   * not read years of results no rule looks at. An entry whose date or codes are not plain is kept.
   */
  static List<JsonNode> withoutObservationsTooOld(
      List<JsonNode> resources, DataNeeds needs, LocalDate today) {
    List<JsonNode> kept = null;
    for (int i = 0; i < resources.size(); i++) {
      JsonNode resource = resources.get(i);
      LocalDate date =
          FhirJson.is(resource, "Observation") ? FhirDates.observationDay(resource) : null;
      boolean old =
          date != null
              && date.isBefore(today.minusDays(needs.lookbackDaysFor(codeTokens(resource)) + 1L));
      if (old && kept == null) {
        kept = new ArrayList<>(resources.subList(0, i));
      } else if (!old && kept != null) {
        kept.add(resource);
      }
    }
    return kept == null ? resources : kept;
  }

  /** {@code system|code} of each coding of the Observation's code; empty when any is not plain. */
  private static List<String> codeTokens(JsonNode resource) {
    JsonNode codings = resource.path("code").path("coding");
    if (!codings.isArray()) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>();
    for (JsonNode coding : codings) {
      JsonNode system = coding.get("system");
      JsonNode code = coding.get("code");
      if (system == null || code == null || !system.isString() || !code.isString()) {
        return List.of();
      }
      tokens.add(system.stringValue() + "|" + code.stringValue());
    }
    return tokens;
  }

  /** Sorts resources into the chart, keeping only those about this patient. */
  public static PatientData assemble(
      String patientId, Map<DataKind, List<JsonNode>> found, Set<DataKind> unavailable) {
    JsonNode patient = null;
    Map<String, List<JsonNode>> byType = new HashMap<>();
    for (String type : SUBJECT_TYPES) {
      byType.put(type, new ArrayList<>());
    }
    Map<String, JsonNode> referenced = new HashMap<>();
    Set<DataKind> missing = EnumSet.noneOf(DataKind.class);
    missing.addAll(unavailable);
    for (Map.Entry<DataKind, List<JsonNode>> entry : found.entrySet()) {
      for (JsonNode resource : entry.getValue()) {
        String type = FhirJson.type(resource);
        if (type == null) {
          continue;
        }
        switch (type) {
          case "Patient" -> {
            if (entry.getKey() == DataKind.PATIENT && patientId.equals(FhirJson.id(resource))) {
              patient = resource;
            }
          }
          case "Medication", "BiologicallyDerivedProduct" -> {
            String id = FhirJson.id(resource);
            if (id != null) {
              referenced.put(type + "/" + id, resource);
            }
          }
          default -> {
            List<JsonNode> ofType = byType.get(type);
            String subject = type.equals("ResearchSubject") ? "individual" : "subject";
            if (ofType != null
                && References.isPatient(FhirJson.reference(resource, subject), patientId)) {
              ofType.add(resource);
            }
          }
        }
        // Anything else (OperationOutcome entries, other types) is not read by any rule.
      }
    }
    List<JsonNode> read = found.get(DataKind.PATIENT);
    if (patient == null && read != null && !read.isEmpty()) {
      missing.add(DataKind.PATIENT); // a record, but of another patient: this one's is not known
    }
    return new PatientData(
        patientId,
        patient,
        Set.copyOf(missing),
        List.copyOf(byType.get("Condition")),
        List.copyOf(byType.get("Observation")),
        List.copyOf(byType.get("MedicationRequest")),
        List.copyOf(byType.get("MedicationStatement")),
        List.copyOf(byType.get("MedicationAdministration")),
        List.copyOf(byType.get("Procedure")),
        List.copyOf(byType.get("ServiceRequest")),
        List.copyOf(byType.get("ResearchSubject")),
        Map.copyOf(referenced));
  }

  private static final List<String> SUBJECT_TYPES =
      List.of(
          "Condition",
          "Observation",
          "MedicationRequest",
          "MedicationStatement",
          "MedicationAdministration",
          "Procedure",
          "ServiceRequest",
          "ResearchSubject");
}
