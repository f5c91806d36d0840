package org.hemacds.cards;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.References;
import org.hemacds.terminology.CodedValue;
import org.hemacds.terminology.CompiledValueSet;
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
 * The patient's chart reduced to the facts the rules read, with the data-quality rules of codes.md
 * §6 applied once: refuted and entered-in-error records, preliminary or dateless observations,
 * draft requests in the chart, and other patients' data are gone.
 */
public final class Chart {

  /** mCODE procedure-intent extension (codes.md §4). */
  static final String INTENT_EXTENSION =
      "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent";

  private static final Set<String> COUNTED_OBSERVATION_STATUS =
      Set.of("final", "amended", "corrected");
  private static final Set<String> ACTIVE_REQUEST_STATUS = Set.of("active", "on-hold");
  private static final Set<String> ORDER_INTENTS =
      Set.of("order", "original-order", "reflex-order", "filler-order", "instance-order", "plan");
  private static final Set<String> EXPOSURE_REQUEST_STATUS =
      Set.of("active", "on-hold", "completed");
  private static final Set<String> ACTIVE_STATEMENT_STATUS = Set.of("active", "intended");
  private static final Set<String> EXPOSURE_STATEMENT_STATUS =
      Set.of("active", "intended", "completed");
  private static final Set<String> GIVEN_ADMINISTRATION_STATUS = Set.of("completed", "in-progress");

  /** A diagnosis. {@code date} is onset[x] (dateTime/Period), else recordedDate. */
  public record ConditionFact(
      String ref, List<CodedValue> codes, String display, String clinicalStatus, LocalDate date) {}

  /** A countable observation (final/amended/corrected, dated, no dataAbsentReason). */
  public record ObservationFact(
      String ref,
      List<CodedValue> codes,
      String display,
      LocalDate date,
      java.time.Instant issued,
      Double value,
      String comparator,
      String unit,
      String unitText,
      List<CodedValue> answer,
      String answerDisplay,
      Quantity low,
      Quantity high) {}

  /** Whether a medication record means current therapy, past exposure, or a given dose. */
  public enum MedicationUse {
    REQUEST,
    STATEMENT,
    ADMINISTRATION
  }

  /**
   * A medication record. {@code active}: current therapy per codes.md §6 rule 6 (administrations
   * are never "active"; they count by date). {@code exposure}: counts as exposure per rule 7.
   */
  public record MedicationFact(
      String ref,
      MedicationUse use,
      List<CodedValue> codes,
      String text,
      String display,
      boolean active,
      boolean exposure,
      LocalDate start,
      LocalDate last,
      List<CodedValue> intent) {}

  /** A completed procedure (or another status, kept for "planned" checks). */
  public record ProcedureFact(
      String ref,
      List<CodedValue> codes,
      String display,
      String status,
      LocalDate date,
      Integer units) {}

  /** A service request in the chart (not a draft of this hook). */
  public record ServiceRequestFact(
      String ref, List<CodedValue> codes, String display, String status) {}

  /** A research enrolment. */
  public record StudyFact(
      String ref, String status, LocalDate start, LocalDate end, String study) {}

  /** A draft order of this hook call. */
  public record DraftFact(
      String reference,
      String resourceType,
      List<CodedValue> codes,
      String text,
      String display,
      boolean selected,
      Resource resource) {}

  private final PatientData data;
  private final LocalDate today;
  private final LocalDate birthDate;
  private final String gender;
  private final List<ConditionFact> conditions = new ArrayList<>();
  private final List<ObservationFact> observations = new ArrayList<>();
  private final List<MedicationFact> medications = new ArrayList<>();
  private final List<ProcedureFact> procedures = new ArrayList<>();
  private final List<ServiceRequestFact> serviceRequests = new ArrayList<>();
  private final List<StudyFact> studies = new ArrayList<>();
  private final List<DraftFact> drafts = new ArrayList<>();

  /**
   * Observations per value set, computed on first use: many criteria, notes and "show" lines ask
   * for the same few sets, and matching every observation's codes (some sets by regex) again for
   * each of them was most of the engine's time on a chart with hundreds of results. A chart serves
   * one request on one thread.
   */
  private final Map<CompiledValueSet, List<ObservationFact>> observationsBySet =
      new IdentityHashMap<>();

  private Chart(PatientData data, List<DraftOrder> draftOrders, LocalDate today) {
    this.data = data;
    this.today = today;
    Patient patient = data.patient();
    this.birthDate =
        patient != null && patient.hasBirthDateElement()
            ? ClinicalDates.of(patient.getBirthDateElement())
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
    for (DraftOrder order : draftOrders) {
      draftResources.put(order.reference(), order.resource());
    }
    for (DraftOrder order : draftOrders) {
      addDraft(order, draftResources);
    }
  }

  public static Chart of(PatientData data, List<DraftOrder> draftOrders, LocalDate today) {
    return new Chart(data, draftOrders, today);
  }

  public LocalDate today() {
    return today;
  }

  public boolean available(DataKind kind) {
    return data.available(kind);
  }

  /** Age in whole years on {@code today}, or null without a birth date. */
  public Integer age() {
    if (birthDate == null) {
      return null;
    }
    return java.time.Period.between(birthDate, today).getYears();
  }

  public String gender() {
    return gender;
  }

  public String patientId() {
    return data.patientId();
  }

  public List<ConditionFact> conditions() {
    return conditions;
  }

  public List<ObservationFact> observations() {
    return observations;
  }

  /** The observations coded in the value set, in chart order. */
  public List<ObservationFact> observationsIn(CompiledValueSet valueSet) {
    List<ObservationFact> matching = observationsBySet.get(valueSet);
    if (matching == null) {
      matching = new ArrayList<>();
      for (ObservationFact o : observations) {
        if (valueSet.containsAny(o.codes())) {
          matching.add(o);
        }
      }
      matching = List.copyOf(matching);
      observationsBySet.put(valueSet, matching);
    }
    return matching;
  }

  public List<MedicationFact> medications() {
    return medications;
  }

  public List<ProcedureFact> procedures() {
    return procedures;
  }

  public List<ServiceRequestFact> serviceRequests() {
    return serviceRequests;
  }

  public List<StudyFact> studies() {
    return studies;
  }

  public List<DraftFact> drafts() {
    return drafts;
  }

  private void addCondition(Condition c) {
    String verification = code(c.getVerificationStatus());
    if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
      return;
    }
    LocalDate date = ClinicalDates.start(c.getOnset());
    if (date == null && c.hasRecordedDateElement()) {
      date = ClinicalDates.of(c.getRecordedDateElement());
    }
    conditions.add(
        new ConditionFact(
            ref(c),
            Codes.of(c.getCode()),
            Codes.display(c.getCode()),
            code(c.getClinicalStatus()),
            date));
  }

  private void addObservation(Observation o) {
    String status = code(o.getStatusElement());
    if (status == null || !COUNTED_OBSERVATION_STATUS.contains(status) || o.hasDataAbsentReason()) {
      return;
    }
    LocalDate date = null;
    if (o.hasEffectiveDateTimeType()) {
      date = ClinicalDates.of(o.getEffectiveDateTimeType());
    } else if (o.hasEffectivePeriod()) {
      date = ClinicalDates.end(o.getEffectivePeriod());
    } else if (o.hasEffectiveInstantType()) {
      date = ClinicalDates.of(o.getEffectiveInstantType());
    }
    if (date == null && o.hasIssuedElement()) {
      date = ClinicalDates.of(o.getIssuedElement());
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
      answer = Codes.of(o.getValueCodeableConcept());
      answerDisplay = Codes.display(o.getValueCodeableConcept());
    }
    Quantity low = null;
    Quantity high = null;
    if (o.hasReferenceRange()) {
      Observation.ObservationReferenceRangeComponent range = o.getReferenceRangeFirstRep();
      low = range.hasLow() ? range.getLow() : null;
      high = range.hasHigh() ? range.getHigh() : null;
    }
    observations.add(
        new ObservationFact(
            ref(o),
            Codes.of(o.getCode()),
            Codes.display(o.getCode()),
            date,
            o.getIssuedElement().getValue() == null ? null : o.getIssued().toInstant(),
            value,
            comparator,
            unit,
            unitText,
            answer,
            answerDisplay,
            low,
            high));
  }

  private void addRequest(MedicationRequest m) {
    String status = code(m.getStatusElement());
    String intent = code(m.getIntentElement());
    if (status == null || "draft".equals(status) || "entered-in-error".equals(status)) {
      return;
    }
    boolean orderIntent = intent != null && ORDER_INTENTS.contains(intent);
    boolean active = orderIntent && ACTIVE_REQUEST_STATUS.contains(status);
    boolean exposure = orderIntent && EXPOSURE_REQUEST_STATUS.contains(status);
    LocalDate start = null;
    if (m.hasDispenseRequest() && m.getDispenseRequest().hasValidityPeriod()) {
      start = ClinicalDates.start(m.getDispenseRequest().getValidityPeriod());
    }
    if (start == null && m.hasAuthoredOnElement()) {
      start = ClinicalDates.of(m.getAuthoredOnElement());
    }
    LocalDate last = start;
    if (m.hasDispenseRequest()
        && m.getDispenseRequest().hasValidityPeriod()
        && m.getDispenseRequest().getValidityPeriod().hasEnd()) {
      last = ClinicalDates.end(m.getDispenseRequest().getValidityPeriod());
    }
    CodeableConcept drug = medication(m, m.getMedication(), Map.of());
    medications.add(
        new MedicationFact(
            ref(m),
            MedicationUse.REQUEST,
            Codes.of(drug),
            drug.getText(),
            Codes.display(drug),
            active,
            exposure,
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
        new MedicationFact(
            ref(s),
            MedicationUse.STATEMENT,
            Codes.of(drug),
            drug.getText(),
            Codes.display(drug),
            ACTIVE_STATEMENT_STATUS.contains(status),
            EXPOSURE_STATEMENT_STATUS.contains(status),
            ClinicalDates.start(s.getEffective()),
            ClinicalDates.end(s.getEffective()),
            intent(s)));
  }

  private void addAdministration(MedicationAdministration a) {
    String status = code(a.getStatusElement());
    if (status == null || !GIVEN_ADMINISTRATION_STATUS.contains(status)) {
      return;
    }
    CodeableConcept drug = medication(a, a.getMedication(), Map.of());
    LocalDate start = ClinicalDates.start(a.getEffective());
    if (start == null) {
      return;
    }
    medications.add(
        new MedicationFact(
            ref(a),
            MedicationUse.ADMINISTRATION,
            Codes.of(drug),
            drug.getText(),
            Codes.display(drug),
            false,
            true,
            start,
            ClinicalDates.end(a.getEffective()),
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
        new ProcedureFact(
            ref(p),
            Codes.of(p.getCode()),
            Codes.display(p.getCode()),
            status,
            ClinicalDates.start(p.getPerformed()),
            units));
  }

  private void addServiceRequest(ServiceRequest s) {
    String status = code(s.getStatusElement());
    if (status == null || "entered-in-error".equals(status) || "revoked".equals(status)) {
      return;
    }
    serviceRequests.add(
        new ServiceRequestFact(ref(s), Codes.of(s.getCode()), Codes.display(s.getCode()), status));
  }

  private void addStudy(ResearchSubject r) {
    String status = code(r.getStatusElement());
    if (status == null) {
      return;
    }
    LocalDate start = r.hasPeriod() ? ClinicalDates.start(r.getPeriod()) : null;
    LocalDate end =
        r.hasPeriod() && r.getPeriod().hasEnd()
            ? ClinicalDates.of(r.getPeriod().getEndElement())
            : null;
    String study =
        r.hasStudy()
            ? (r.getStudy().hasDisplay() ? r.getStudy().getDisplay() : r.getStudy().getReference())
            : null;
    studies.add(new StudyFact(ref(r), status, start, end, study));
  }

  private void addDraft(DraftOrder order, Map<String, Resource> draftResources) {
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
        new DraftFact(
            order.reference(),
            resource.fhirType(),
            Codes.of(concept),
            concept.getText(),
            Codes.display(concept),
            order.selected(),
            resource));
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
    for (Extension extension : resource.getExtensionsByUrl(INTENT_EXTENSION)) {
      if (extension.getValue() instanceof CodeableConcept concept) {
        result.addAll(Codes.of(concept));
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
