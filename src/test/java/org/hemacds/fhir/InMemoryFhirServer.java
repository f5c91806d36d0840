package org.hemacds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
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

/**
 * A real FHIR R4 REST server for tests: HAPI's {@link RestfulServer} in an embedded Tomcat on a
 * random loopback port, with in-memory providers that implement the searches the service (and its
 * prefetch templates) use, with HAPI's own paging ({@code _getpages} links).
 */
final class InMemoryFhirServer implements AutoCloseable {

  private final Map<String, List<Resource>> store = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> requestLog = new CopyOnWriteArrayList<>();
  private final Tomcat tomcat;
  private final int port;

  InMemoryFhirServer() throws Exception {
    FhirContext fhir = FhirContext.forR4Cached();
    RestfulServer server =
        new RestfulServer(fhir) {
          @Override
          protected void service(
              jakarta.servlet.http.HttpServletRequest request,
              jakarta.servlet.http.HttpServletResponse response)
              throws jakarta.servlet.ServletException, java.io.IOException {
            requests.incrementAndGet();
            String query = request.getQueryString();
            requestLog.add(request.getRequestURI() + (query == null ? "" : "?" + query));
            super.service(request, response);
          }
        };
    FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(200);
    paging.setDefaultPageSize(50);
    paging.setMaximumPageSize(1000);
    server.setPagingProvider(paging);
    server.setResourceProviders(
        new PatientProvider(),
        new ConditionProvider(),
        new ObservationProvider(),
        new MedicationProvider(),
        new MedicationRequestProvider(),
        new MedicationStatementProvider(),
        new MedicationAdministrationProvider(),
        new ProcedureProvider(),
        new ServiceRequestProvider(),
        new ResearchSubjectProvider());

    tomcat = new Tomcat();
    // Tomcat keeps its work files under target/, not in the system temp directory.
    Path target = Files.createDirectories(Path.of("target"));
    tomcat.setBaseDir(Files.createTempDirectory(target, "hapi-tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Wrapper wrapper = Tomcat.addServlet(context, "fhir", server);
    wrapper.setLoadOnStartup(1);
    context.addServletMappingDecoded("/fhir/*", "fhir");
    tomcat.start();
    port = connector.getLocalPort();
  }

  /** The FHIR base URL, without a trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + port + "/fhir";
  }

  /** Scheme, host and port: what a proxy in front of this server forwards to. */
  String origin() {
    return "http://127.0.0.1:" + port;
  }

  int requestCount() {
    return requests.get();
  }

  /** Path and query of every request received, oldest first. */
  List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  /** Adds (or replaces, by type and id) resources. */
  void add(Resource... resources) {
    add(List.of(resources));
  }

  void add(List<? extends Resource> resources) {
    for (Resource r : resources) {
      List<Resource> ofType =
          store.computeIfAbsent(r.fhirType(), t -> new CopyOnWriteArrayList<>());
      String id = r.getIdElement().getIdPart();
      ofType.removeIf(existing -> existing.getIdElement().getIdPart().equals(id));
      ofType.add(r);
    }
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @SuppressWarnings("unchecked")
  private <T extends Resource> List<T> all(Class<T> type) {
    List<Resource> ofType = store.getOrDefault(type.getSimpleName(), List.of());
    List<T> copies = new ArrayList<>();
    for (Resource r : ofType) {
      copies.add((T) r.copy());
    }
    return copies;
  }

  private <T extends Resource> List<IBaseResource> about(
      Class<T> type, ReferenceParam patient, Function<T, Reference> subject) {
    String id = patient.getIdPart();
    List<IBaseResource> result = new ArrayList<>();
    for (T r : all(type)) {
      if (References.isPatient(subject.apply(r), id)) {
        result.add(r);
      }
    }
    return result;
  }

  /**
   * Adds each referenced Medication as an {@code _include} entry. (HAPI's plain server does not
   * resolve {@code MedicationRequest:medication} itself: its path is a choice type.)
   */
  private <T extends Resource> List<IBaseResource> withMedications(
      List<IBaseResource> found, Set<Include> includes, Function<T, Reference> medication) {
    if (includes == null || includes.isEmpty()) {
      return found;
    }
    List<IBaseResource> result = new ArrayList<>(found);
    Set<String> added = new java.util.HashSet<>();
    for (IBaseResource r : found) {
      @SuppressWarnings("unchecked")
      String ref = References.relative(medication.apply((T) r));
      if (ref == null || !ref.startsWith("Medication/") || !added.add(ref)) {
        continue;
      }
      all(Medication.class).stream()
          .filter(m -> ref.equals("Medication/" + m.getIdElement().getIdPart()))
          .findFirst()
          .ifPresent(
              m -> {
                ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(m, BundleEntrySearchModeEnum.INCLUDE);
                result.add(m);
              });
    }
    return result;
  }

  private <T extends Resource> T read(Class<T> type, String id) {
    return all(type).stream()
        .filter(r -> r.getIdElement().getIdPart().equals(id))
        .findFirst()
        .orElseThrow(() -> new ResourceNotFoundException(type.getSimpleName() + "/" + id));
  }

  class PatientProvider implements IResourceProvider {
    @Override
    public Class<Patient> getResourceType() {
      return Patient.class;
    }

    @Read
    public Patient read(@IdParam org.hl7.fhir.r4.model.IdType id) {
      return InMemoryFhirServer.this.read(Patient.class, id.getIdPart());
    }
  }

  class MedicationProvider implements IResourceProvider {
    @Override
    public Class<Medication> getResourceType() {
      return Medication.class;
    }

    @Read
    public Medication read(@IdParam org.hl7.fhir.r4.model.IdType id) {
      return InMemoryFhirServer.this.read(Medication.class, id.getIdPart());
    }
  }

  class ConditionProvider implements IResourceProvider {
    @Override
    public Class<Condition> getResourceType() {
      return Condition.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = Condition.SP_PATIENT) ReferenceParam patient, @Count Integer count) {
      return about(Condition.class, patient, Condition::getSubject);
    }
  }

  class ObservationProvider implements IResourceProvider {
    @Override
    public Class<Observation> getResourceType() {
      return Observation.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = Observation.SP_PATIENT) ReferenceParam patient,
        @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
        @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
        @Sort SortSpec sort,
        @Count Integer count) {
      List<Observation> matching = new ArrayList<>();
      for (IBaseResource r : about(Observation.class, patient, Observation::getSubject)) {
        Observation o = (Observation) r;
        if (code != null && !matchesAny(code, o.getCode().getCoding())) {
          continue;
        }
        if (date != null && !within(date, o)) {
          continue;
        }
        matching.add(o);
      }
      if (sort != null) {
        if (!Observation.SP_DATE.equals(sort.getParamName())) {
          throw new IllegalArgumentException("only _sort=date is supported");
        }
        Comparator<Observation> byDate = Comparator.comparing(InMemoryFhirServer::effective);
        matching.sort(sort.getOrder() == SortOrderEnum.DESC ? byDate.reversed() : byDate);
      }
      return new ArrayList<>(matching);
    }

    private boolean matchesAny(TokenOrListParam code, List<Coding> codings) {
      for (TokenParam token : code.getValuesAsQueryTokens()) {
        for (Coding c : codings) {
          boolean systemMatches =
              token.getSystem() == null || token.getSystem().equals(c.getSystem());
          if (systemMatches && token.getValue().equals(c.getCode())) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean within(DateRangeParam range, Observation o) {
      Date when = effective(o);
      Date lower = range.getLowerBoundAsInstant();
      Date upper = range.getUpperBoundAsInstant();
      return (lower == null || !when.before(lower)) && (upper == null || !when.after(upper));
    }
  }

  private static Date effective(Observation o) {
    return o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValue() : new Date(0);
  }

  class MedicationRequestProvider implements IResourceProvider {
    @Override
    public Class<MedicationRequest> getResourceType() {
      return MedicationRequest.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = MedicationRequest.SP_PATIENT) ReferenceParam patient,
        @IncludeParam(allow = {"MedicationRequest:medication"}) Set<Include> includes,
        @Count Integer count) {
      return withMedications(
          about(MedicationRequest.class, patient, MedicationRequest::getSubject),
          includes,
          (MedicationRequest m) -> m.hasMedicationReference() ? m.getMedicationReference() : null);
    }
  }

  class MedicationStatementProvider implements IResourceProvider {
    @Override
    public Class<MedicationStatement> getResourceType() {
      return MedicationStatement.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = MedicationStatement.SP_PATIENT) ReferenceParam patient,
        @IncludeParam(allow = {"MedicationStatement:medication"}) Set<Include> includes,
        @Count Integer count) {
      return withMedications(
          about(MedicationStatement.class, patient, MedicationStatement::getSubject),
          includes,
          (MedicationStatement m) ->
              m.hasMedicationReference() ? m.getMedicationReference() : null);
    }
  }

  class MedicationAdministrationProvider implements IResourceProvider {
    @Override
    public Class<MedicationAdministration> getResourceType() {
      return MedicationAdministration.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = MedicationAdministration.SP_PATIENT) ReferenceParam patient,
        @IncludeParam(allow = {"MedicationAdministration:medication"}) Set<Include> includes,
        @Count Integer count) {
      return withMedications(
          about(MedicationAdministration.class, patient, MedicationAdministration::getSubject),
          includes,
          (MedicationAdministration m) ->
              m.hasMedicationReference() ? m.getMedicationReference() : null);
    }
  }

  class ProcedureProvider implements IResourceProvider {
    @Override
    public Class<Procedure> getResourceType() {
      return Procedure.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = Procedure.SP_PATIENT) ReferenceParam patient, @Count Integer count) {
      return about(Procedure.class, patient, Procedure::getSubject);
    }
  }

  class ServiceRequestProvider implements IResourceProvider {
    @Override
    public Class<ServiceRequest> getResourceType() {
      return ServiceRequest.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = ServiceRequest.SP_PATIENT) ReferenceParam patient,
        @Count Integer count) {
      return about(ServiceRequest.class, patient, ServiceRequest::getSubject);
    }
  }

  class ResearchSubjectProvider implements IResourceProvider {
    @Override
    public Class<ResearchSubject> getResourceType() {
      return ResearchSubject.class;
    }

    @Search
    public List<IBaseResource> search(
        @RequiredParam(name = ResearchSubject.SP_INDIVIDUAL) ReferenceParam individual,
        @Count Integer count) {
      return about(ResearchSubject.class, individual, ResearchSubject::getIndividual);
    }
  }
}
