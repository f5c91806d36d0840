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
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Assembles {@link PatientData}: prefetch first; every kind that is missing, failed (an
 * OperationOutcome), partial (a Bundle with a {@code next} link) or unreadable is fetched from the
 * FHIR server when the request names one, and otherwise counts as unavailable.
 */
@Component
public class PatientDataLoader {

  private final ResourceParser parser;
  private final Optional<FhirFetcher> fetcher;

  public PatientDataLoader(ResourceParser parser, Optional<FhirFetcher> fetcher) {
    this.parser = parser;
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
    Map<DataKind, List<Resource>> found = new EnumMap<>(DataKind.class);
    Set<DataKind> missing = EnumSet.noneOf(DataKind.class);
    for (DataKind kind : kinds) {
      Optional<List<Resource>> fromPrefetch = fromPrefetch(kind, prefetch);
      if (fromPrefetch.isPresent()) {
        found.put(kind, fromPrefetch.get());
      } else {
        missing.add(kind);
      }
    }
    if (!missing.isEmpty() && source != null && fetcher.isPresent()) {
      Map<DataKind, List<Resource>> fetched =
          fetcher.get().fetch(source, patientId, missing, needs, today);
      fetched.forEach(
          (kind, resources) -> {
            found.put(kind, resources);
            missing.remove(kind);
          });
    }
    return assemble(patientId, found, missing);
  }

  /** Empty when the key is absent or its value is unusable; a JSON null is "no data". */
  private Optional<List<Resource>> fromPrefetch(DataKind kind, Map<String, JsonNode> prefetch) {
    JsonNode node = prefetch.get(kind.prefetchKey());
    if (node == null) {
      return Optional.empty();
    }
    if (node.isNull()) {
      return Optional.of(List.of());
    }
    Optional<Resource> parsed = parser.parse(node);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Resource resource = parsed.get();
    if (kind.isSearch()) {
      if (!(resource instanceof Bundle bundle) || bundle.getLink("next") != null) {
        return Optional.empty();
      }
      List<Resource> entries = new ArrayList<>();
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.hasResource()) {
          entries.add(entry.getResource());
        }
      }
      return Optional.of(entries);
    }
    return resource instanceof Patient ? Optional.of(List.of(resource)) : Optional.empty();
  }

  /** Sorts resources into the chart, keeping only those about this patient. */
  public static PatientData assemble(
      String patientId, Map<DataKind, List<Resource>> found, Set<DataKind> unavailable) {
    Patient patient = null;
    List<Condition> conditions = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    List<MedicationRequest> requests = new ArrayList<>();
    List<MedicationStatement> statements = new ArrayList<>();
    List<MedicationAdministration> administrations = new ArrayList<>();
    List<Procedure> procedures = new ArrayList<>();
    List<ServiceRequest> serviceRequests = new ArrayList<>();
    List<ResearchSubject> researchSubjects = new ArrayList<>();
    Map<String, Resource> referenced = new HashMap<>();
    Set<DataKind> missing = EnumSet.noneOf(DataKind.class);
    missing.addAll(unavailable);
    for (Map.Entry<DataKind, List<Resource>> entry : found.entrySet()) {
      for (Resource resource : entry.getValue()) {
        DataKind kind = entry.getKey();
        if (resource instanceof Patient p) {
          if (kind == DataKind.PATIENT && patientId.equals(p.getIdElement().getIdPart())) {
            patient = p;
          }
        } else if (resource instanceof Condition c) {
          addIfAbout(conditions, c, c.getSubject(), patientId);
        } else if (resource instanceof Observation o) {
          addIfAbout(observations, o, o.getSubject(), patientId);
        } else if (resource instanceof MedicationRequest m) {
          addIfAbout(requests, m, m.getSubject(), patientId);
        } else if (resource instanceof MedicationStatement m) {
          addIfAbout(statements, m, m.getSubject(), patientId);
        } else if (resource instanceof MedicationAdministration m) {
          addIfAbout(administrations, m, m.getSubject(), patientId);
        } else if (resource instanceof Procedure p) {
          addIfAbout(procedures, p, p.getSubject(), patientId);
        } else if (resource instanceof ServiceRequest r) {
          addIfAbout(serviceRequests, r, r.getSubject(), patientId);
        } else if (resource instanceof ResearchSubject r) {
          addIfAbout(researchSubjects, r, r.getIndividual(), patientId);
        } else if (resource instanceof Medication
            || resource instanceof BiologicallyDerivedProduct) {
          referenced.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
        }
        // Anything else (OperationOutcome entries, other types) is not read by any rule.
      }
    }
    return new PatientData(
        patientId,
        patient,
        Set.copyOf(missing),
        List.copyOf(conditions),
        List.copyOf(observations),
        List.copyOf(requests),
        List.copyOf(statements),
        List.copyOf(administrations),
        List.copyOf(procedures),
        List.copyOf(serviceRequests),
        List.copyOf(researchSubjects),
        Map.copyOf(referenced));
  }

  private static <T> void addIfAbout(
      List<T> target, T resource, Reference subject, String patientId) {
    if (References.isPatient(subject, patientId)) {
      target.add(resource);
    }
  }
}
