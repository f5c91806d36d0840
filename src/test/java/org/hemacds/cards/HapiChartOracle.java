package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemacds.fhir.References;
import org.hemacds.terminology.CodedValue;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The chart as session 2 read it, from HAPI objects: the oracle that {@link ChartDifferentialTest}
 * holds the JSON reading of {@link Chart} to, on valid FHIR. Test code only.
 */
final class HapiChartOracle {

  /** The facts of the session-2 reading, HAPI objects first. */
  record OldData(
      String patientId,
      Patient patient,
      List<Condition> conditions,
      List<Observation> observations,
      List<MedicationRequest> medicationRequests,
      List<MedicationStatement> medicationStatements,
      List<MedicationAdministration> medicationAdministrations,
      List<Procedure> procedures,
      List<ServiceRequest> serviceRequests,
      List<ResearchSubject> researchSubjects,
      Map<String, Resource> referenced) {}

  record OldDraft(String reference, Resource resource, boolean selected) {}

  /** Sorts HAPI resources into the chart as session 2's loader did. */
  static OldData assemble(String patientId, List<Resource> found, boolean patientKind) {
    Patient patient = null;
    List<Condition> conditions = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    List<MedicationRequest> requests = new ArrayList<>();
    List<MedicationStatement> statements = new ArrayList<>();
    List<MedicationAdministration> administrations = new ArrayList<>();
    List<Procedure> procedures = new ArrayList<>();
    List<ServiceRequest> serviceRequests = new ArrayList<>();
    List<ResearchSubject> researchSubjects = new ArrayList<>();
    Map<String, Resource> referenced = new java.util.HashMap<>();
    for (Resource resource : found) {
      if (resource instanceof Patient p) {
        if (patientId.equals(p.getIdElement().getIdPart())) {
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
      } else if (resource instanceof Medication || resource instanceof BiologicallyDerivedProduct) {
        referenced.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
      }
    }
    return new OldData(
        patientId,
        patient,
        conditions,
        observations,
        requests,
        statements,
        administrations,
        procedures,
        serviceRequests,
        researchSubjects,
        referenced);
  }

  private static <T> void addIfAbout(
      List<T> target, T resource, Reference subject, String patientId) {
    if (References.isPatient(subject, patientId)) {
      target.add(resource);
    }
  }

  private static Chart.Bound bound(Quantity q) {
    if (q == null) {
      return null;
    }
    java.math.BigDecimal value = q.getValueElement().getValue();
    return new Chart.Bound(
        value == null || !Double.isFinite(value.doubleValue()) ? null : value.doubleValue(),
        q.hasUnit() ? q.getUnit() : null);
  }

  private static LocalDate dateOf(org.hl7.fhir.r4.model.BaseDateTimeType value) {
    if (value == null || value.getValue() == null || value.getYear() == null) {
      return null;
    }
    int month = value.getMonth() == null ? 1 : value.getMonth() + 1;
    int day = value.getDay() == null ? 1 : value.getDay();
    try {
      return LocalDate.of(value.getYear(), month, day);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The effective time of day as HAPI holds it, read as {@code FhirDates.instant} reads it. */
  private static java.time.Instant timeOf(Observation o) {
    org.hl7.fhir.r4.model.BaseDateTimeType value = null;
    if (o.hasEffectiveDateTimeType()) {
      value = o.getEffectiveDateTimeType();
    } else if (o.hasEffectivePeriod()) {
      org.hl7.fhir.r4.model.Period period = o.getEffectivePeriod();
      value =
          dateOf(period.getEndElement()) != null
              ? period.getEndElement()
              : period.getStartElement();
    } else if (o.hasEffectiveInstantType()) {
      value = o.getEffectiveInstantType();
    }
    return value == null ? null : org.hemacds.fhir.FhirDates.instant(value.getValueAsString());
  }

  private static LocalDate dateStart(org.hl7.fhir.r4.model.Type value) {
    if (value instanceof org.hl7.fhir.r4.model.BaseDateTimeType dateTime) {
      return dateOf(dateTime);
    }
    if (value instanceof org.hl7.fhir.r4.model.Period period && period.hasStartElement()) {
      return dateOf(period.getStartElement());
    }
    return null;
  }

  private static LocalDate dateEnd(org.hl7.fhir.r4.model.Type value) {
    if (value instanceof org.hl7.fhir.r4.model.Period period) {
      if (period.hasEndElement()) {
        return dateOf(period.getEndElement());
      }
      return period.hasStartElement() ? dateOf(period.getStartElement()) : null;
    }
    return dateStart(value);
  }

  private static List<CodedValue> codesOf(CodeableConcept concept) {
    if (concept == null) {
      return List.of();
    }
    List<CodedValue> result = new ArrayList<>();
    for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
      if (coding.hasSystem() && coding.hasCode()) {
        result.add(new CodedValue(coding.getSystem(), coding.getCode(), coding.getDisplay()));
      }
    }
    return result;
  }

  private static String displayOf(CodeableConcept concept) {
    if (concept == null) {
      return "(no code)";
    }
    if (concept.hasText()) {
      return concept.getText();
    }
    for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
      if (coding.hasDisplay()) {
        return coding.getDisplay();
      }
    }
    for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
      if (coding.hasCode()) {
        return coding.getCode();
      }
    }
    return "(no code)";
  }

  private final OldData data;
  private final LocalDate today;
  private final LocalDate birthDate;
  private final String gender;
  private final List<Chart.ConditionFact> conditions = new ArrayList<>();
  private final List<Chart.ObservationFact> observations = new ArrayList<>();
  private final List<Chart.MedicationFact> medications = new ArrayList<>();
  private final List<Chart.ProcedureFact> procedures = new ArrayList<>();
  private final List<Chart.ServiceRequestFact> serviceRequests = new ArrayList<>();
  private final List<Chart.StudyFact> studies = new ArrayList<>();
  private final List<Chart.DraftFact> drafts = new ArrayList<>();

  HapiChartOracle(OldData data, List<OldDraft> draftOrders, LocalDate today) {
    this.data = data;
    this.today = today;
    Patient patient = data.patient();
    this.birthDate =
        patient != null && patient.hasBirthDateElement()
            ? dateOf(patient.getBirthDateElement())
            : null;
    String genderCode = patient == null ? null : code(patient.getGenderElement());
    this.gender =
        genderCode == null || genderCode.equals(AdministrativeGender.NULL.toCode())
            ? null
            : genderCode;
    data.conditions().forEach(this::addCondition);
    data.observations().forEach(this::addObservation);
    data.medicationRequests().forEach(this::addRequest);
    data.medicationStatements().forEach(this::addStatement);
    data.medicationAdministrations().forEach(this::addAdministration);
    data.procedures().forEach(this::addProcedure);
    data.serviceRequests().forEach(this::addServiceRequest);
    data.researchSubjects().forEach(this::addStudy);
    Map<String, Resource> draftResources = new java.util.HashMap<>();
    for (OldDraft order : draftOrders) {
      draftResources.put(order.reference(), order.resource());
    }
    for (OldDraft order : draftOrders) {
      addDraft(order, draftResources);
    }
  }

  /** Asserts that the chart read from JSON has this reading's facts (drafts without their JSON). */
  void assertSameFacts(Chart chart) {
    assertThat(chart.age()).as("age").isEqualTo(age());
    assertThat(chart.gender()).as("gender").isEqualTo(gender);
    assertThat(chart.conditions()).as("conditions").isEqualTo(conditions);
    assertThat(chart.observations()).as("observations").isEqualTo(observations);
    assertThat(chart.medications()).as("medications").isEqualTo(medications);
    assertThat(chart.procedures()).as("procedures").isEqualTo(procedures);
    assertThat(chart.serviceRequests()).as("service requests").isEqualTo(serviceRequests);
    assertThat(chart.studies()).as("studies").isEqualTo(studies);
    assertThat(
            chart.drafts().stream()
                .map(
                    d ->
                        new Chart.DraftFact(
                            d.reference(),
                            d.resourceType(),
                            d.codes(),
                            d.text(),
                            d.display(),
                            d.selected(),
                            null))
                .toList())
        .as("drafts")
        .isEqualTo(drafts);
  }

  private Integer age() {
    return birthDate == null ? null : java.time.Period.between(birthDate, today).getYears();
  }

  private void addCondition(Condition c) {
    String verification = code(c.getVerificationStatus());
    if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
      return;
    }
    LocalDate recorded = c.hasRecordedDateElement() ? dateOf(c.getRecordedDateElement()) : null;
    LocalDate date = dateStart(c.getOnset());
    LocalDate dateTimeDate = c.hasOnsetDateTimeType() ? dateOf(c.getOnsetDateTimeType()) : null;
    conditions.add(
        new Chart.ConditionFact(
            ref(c),
            codesOf(c.getCode()),
            displayOf(c.getCode()),
            code(c.getClinicalStatus()),
            date != null ? date : recorded,
            dateTimeDate != null ? dateTimeDate : recorded));
  }

  private void addObservation(Observation o) {
    String status = code(o.getStatusElement());
    if (status == null
        || !Chart.COUNTED_OBSERVATION_STATUS.contains(status)
        || o.hasDataAbsentReason()) {
      return;
    }
    LocalDate date = null;
    if (o.hasEffectiveDateTimeType()) {
      date = dateOf(o.getEffectiveDateTimeType());
    } else if (o.hasEffectivePeriod()) {
      date = dateEnd(o.getEffectivePeriod());
    } else if (o.hasEffectiveInstantType()) {
      date = dateOf(o.getEffectiveInstantType());
    }
    if (date == null && o.hasIssuedElement()) {
      date = dateOf(o.getIssuedElement());
    }
    if (date == null) {
      return;
    }
    Double value = null;
    String comparator = null;
    String unit = null;
    String unitText = null;
    List<CodedValue> answer = List.of();
    String answerDisplay = null;
    if (o.hasValueQuantity()) {
      Quantity q = o.getValueQuantity();
      java.math.BigDecimal decimal = q.getValueElement().getValue();
      // Null when the lenient parser kept an unreadable decimal; not finite past ±1.8e308.
      if (decimal != null && Double.isFinite(decimal.doubleValue())) {
        value = decimal.doubleValue();
      }
      comparator = code(q.getComparatorElement());
      unitText = q.hasUnit() ? q.getUnit() : q.getCode();
      if (q.hasCode() && (!q.hasSystem() || "http://unitsofmeasure.org".equals(q.getSystem()))) {
        unit = q.getCode();
      } else if (!q.hasCode()) {
        unit = q.getUnit();
      }
    } else if (o.hasValueCodeableConcept()) {
      answer = codesOf(o.getValueCodeableConcept());
      answerDisplay = displayOf(o.getValueCodeableConcept());
    }
    Quantity low = null;
    Quantity high = null;
    if (o.hasReferenceRange()) {
      Observation.ObservationReferenceRangeComponent range = o.getReferenceRangeFirstRep();
      low = range.hasLow() ? range.getLow() : null;
      high = range.hasHigh() ? range.getHigh() : null;
    }
    observations.add(
        new Chart.ObservationFact(
            ref(o),
            codesOf(o.getCode()),
            displayOf(o.getCode()),
            date,
            timeOf(o),
            o.getIssuedElement().getValue() == null ? null : o.getIssued().toInstant(),
            value,
            comparator,
            unit,
            unitText,
            answer,
            answerDisplay,
            bound(low),
            bound(high)));
  }

  private void addRequest(MedicationRequest m) {
    String status = code(m.getStatusElement());
    String intent = code(m.getIntentElement());
    if (status == null || "draft".equals(status) || "entered-in-error".equals(status)) {
      return;
    }
    boolean orderIntent = intent != null && Chart.ORDER_INTENTS.contains(intent);
    boolean active = orderIntent && Chart.ACTIVE_REQUEST_STATUS.contains(status);
    boolean exposure = orderIntent && Chart.EXPOSURE_REQUEST_STATUS.contains(status);
    boolean stopped = orderIntent && "stopped".equals(status);
    LocalDate start = null;
    if (m.hasDispenseRequest() && m.getDispenseRequest().hasValidityPeriod()) {
      start = dateStart(m.getDispenseRequest().getValidityPeriod());
    }
    if (start == null && m.hasAuthoredOnElement()) {
      start = dateOf(m.getAuthoredOnElement());
    }
    LocalDate last = start;
    if (m.hasDispenseRequest()
        && m.getDispenseRequest().hasValidityPeriod()
        && m.getDispenseRequest().getValidityPeriod().hasEnd()) {
      last = dateEnd(m.getDispenseRequest().getValidityPeriod());
    }
    CodeableConcept drug = medication(m, m.getMedication(), Map.of());
    medications.add(
        new Chart.MedicationFact(
            ref(m),
            Chart.MedicationUse.REQUEST,
            codesOf(drug),
            drug.getText(),
            displayOf(drug),
            active,
            exposure,
            stopped,
            start,
            last,
            intent(m)));
  }

  private void addStatement(MedicationStatement s) {
    String status = code(s.getStatusElement());
    if (status == null || "entered-in-error".equals(status)) {
      return;
    }
    CodeableConcept drug = medication(s, s.getMedication(), Map.of());
    medications.add(
        new Chart.MedicationFact(
            ref(s),
            Chart.MedicationUse.STATEMENT,
            codesOf(drug),
            drug.getText(),
            displayOf(drug),
            Chart.ACTIVE_STATEMENT_STATUS.contains(status),
            Chart.EXPOSURE_STATEMENT_STATUS.contains(status),
            "stopped".equals(status),
            dateStart(s.getEffective()),
            dateEnd(s.getEffective()),
            intent(s)));
  }

  private void addAdministration(MedicationAdministration a) {
    String status = code(a.getStatusElement());
    if (status == null || !Chart.GIVEN_ADMINISTRATION_STATUS.contains(status)) {
      return;
    }
    CodeableConcept drug = medication(a, a.getMedication(), Map.of());
    LocalDate start = dateStart(a.getEffective());
    if (start == null) {
      return;
    }
    medications.add(
        new Chart.MedicationFact(
            ref(a),
            Chart.MedicationUse.ADMINISTRATION,
            codesOf(drug),
            drug.getText(),
            displayOf(drug),
            false,
            true,
            false,
            start,
            dateEnd(a.getEffective()),
            intent(a)));
  }

  private void addProcedure(Procedure p) {
    String status = code(p.getStatusElement());
    if (status == null || "entered-in-error".equals(status)) {
      return;
    }
    Integer units = null;
    for (Reference used : p.getUsedReference()) {
      Resource product = resolve(p, used, Map.of());
      Integer quantity =
          product instanceof BiologicallyDerivedProduct bdp
              ? bdp.getQuantityElement().getValue()
              : null;
      if (quantity != null && quantity > 0) {
        units = (units == null ? 0 : units) + quantity;
      }
    }
    procedures.add(
        new Chart.ProcedureFact(
            ref(p),
            codesOf(p.getCode()),
            displayOf(p.getCode()),
            status,
            dateStart(p.getPerformed()),
            units));
  }

  private void addServiceRequest(ServiceRequest s) {
    String status = code(s.getStatusElement());
    if (status == null || "entered-in-error".equals(status) || "revoked".equals(status)) {
      return;
    }
    serviceRequests.add(
        new Chart.ServiceRequestFact(ref(s), codesOf(s.getCode()), displayOf(s.getCode()), status));
  }

  private void addStudy(ResearchSubject r) {
    String status = code(r.getStatusElement());
    if (status == null) {
      return;
    }
    LocalDate start = r.hasPeriod() ? dateStart(r.getPeriod()) : null;
    LocalDate end =
        r.hasPeriod() && r.getPeriod().hasEnd() ? dateOf(r.getPeriod().getEndElement()) : null;
    String study =
        r.hasStudy()
            ? (r.getStudy().hasDisplay() ? r.getStudy().getDisplay() : r.getStudy().getReference())
            : null;
    studies.add(new Chart.StudyFact(ref(r), status, start, end, study));
  }

  private void addDraft(OldDraft order, Map<String, Resource> draftResources) {
    Resource resource = order.resource();
    String status = statusOf(resource);
    if (status != null && !"draft".equals(status)) {
      return;
    }
    CodeableConcept concept;
    if (resource instanceof MedicationRequest m) {
      concept = medication(m, m.getMedication(), draftResources);
    } else if (resource instanceof ServiceRequest s) {
      concept = s.getCode();
    } else {
      concept = new CodeableConcept();
    }
    drafts.add(
        new Chart.DraftFact(
            order.reference(),
            resource.fhirType(),
            codesOf(concept),
            concept.getText(),
            displayOf(concept),
            order.selected(),
            null)); // the resource itself is compared as the drafts' JSON, not here
  }

  private static String statusOf(Resource resource) {
    if (resource instanceof MedicationRequest m) {
      return code(m.getStatusElement());
    }
    if (resource instanceof ServiceRequest s) {
      return code(s.getStatusElement());
    }
    return null;
  }

  /** The drug as a CodeableConcept, following a medicationReference when it can be resolved. */
  private CodeableConcept medication(
      DomainResource owner, org.hl7.fhir.r4.model.Type medication, Map<String, Resource> drafts) {
    if (medication instanceof CodeableConcept concept) {
      return concept;
    }
    if (medication instanceof Reference reference) {
      Resource target = resolve(owner, reference, drafts);
      if (target instanceof Medication med && med.hasCode()) {
        return med.getCode();
      }
      CodeableConcept fallback = new CodeableConcept();
      if (reference.hasDisplay()) {
        fallback.setText(reference.getDisplay());
      }
      return fallback;
    }
    return new CodeableConcept();
  }

  /** Resolves contained ({@code #id}), draft-bundle and prefetched references. */
  private Resource resolve(
      DomainResource owner, Reference reference, Map<String, Resource> drafts) {
    if (reference == null) {
      return null;
    }
    if (reference.getResource() instanceof Resource inline) {
      return inline;
    }
    String value = reference.getReference();
    if (value == null) {
      return null;
    }
    if (value.startsWith("#")) {
      String id = value.substring(1);
      for (Resource contained : owner.getContained()) {
        String containedId = contained.getIdElement().getIdPart();
        if (id.equals(containedId) || value.equals(contained.getId())) {
          return contained;
        }
      }
      return null;
    }
    String relative = References.relative(reference);
    Resource draft = drafts.get(relative);
    return draft != null ? draft : data.referenced().get(relative);
  }

  private static List<CodedValue> intent(DomainResource resource) {
    List<CodedValue> result = new ArrayList<>();
    for (Extension extension : resource.getExtensionsByUrl(Chart.INTENT_EXTENSION)) {
      if (extension.getValue() instanceof CodeableConcept concept) {
        result.addAll(codesOf(concept));
      } else if (extension.getValue() instanceof org.hl7.fhir.r4.model.Coding coding) {
        result.add(new CodedValue(coding.getSystem(), coding.getCode(), coding.getDisplay()));
      }
    }
    return result;
  }

  /**
   * A FHIR code as sent, or null when absent. The lenient parser keeps a code that is not in the
   * element's value set as text with no enum value ({@code getStatus()} is then null): it is kept
   * as text here, so it matches none of the status sets above instead of failing the request.
   */
  private static String code(org.hl7.fhir.r4.model.Enumeration<?> element) {
    if (element == null || element.isEmpty()) {
      return null;
    }
    String text = element.getValueAsString();
    return text == null || text.isBlank() ? null : text;
  }

  private static String code(CodeableConcept concept) {
    if (concept == null) {
      return null;
    }
    for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
      if (coding.hasCode()) {
        return coding.getCode();
      }
    }
    return null;
  }

  private static String ref(Resource resource) {
    String id = resource.getIdElement().getIdPart();
    return resource.fhirType() + "/" + (id == null ? "(no id)" : id);
  }
}
