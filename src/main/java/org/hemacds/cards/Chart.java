package org.hemacds.cards;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.FhirDates;
import org.hemacds.fhir.FhirJson;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.References;
import org.hemacds.terminology.CodedValue;
import org.hemacds.terminology.CompiledValueSet;
import tools.jackson.databind.JsonNode;

/**
 * The patient's chart reduced to the facts the rules read, with the data-quality rules of codes.md
 * §6 applied once: refuted and entered-in-error records, preliminary or dateless observations,
 * draft requests in the chart, and other patients' data are gone.
 */
public final class Chart {

  /** mCODE procedure-intent extension (codes.md §4). */
  static final String INTENT_EXTENSION =
      "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent";

  static final Set<String> COUNTED_OBSERVATION_STATUS = Set.of("final", "amended", "corrected");
  static final Set<String> ACTIVE_REQUEST_STATUS = Set.of("active", "on-hold");
  static final Set<String> ORDER_INTENTS =
      Set.of("order", "original-order", "reflex-order", "filler-order", "instance-order", "plan");
  static final Set<String> EXPOSURE_REQUEST_STATUS = Set.of("active", "on-hold", "completed");
  static final Set<String> ACTIVE_STATEMENT_STATUS = Set.of("active", "intended");
  static final Set<String> EXPOSURE_STATEMENT_STATUS = Set.of("active", "intended", "completed");
  static final Set<String> GIVEN_ADMINISTRATION_STATUS = Set.of("completed", "in-progress");

  /** A diagnosis. {@code date} is onset[x] (dateTime/Period), else recordedDate. */
  /**
   * A diagnosis. {@code date} is onset[x] (dateTime, else Period start), else recordedDate; {@code
   * dateTimeDate} is onsetDateTime, else recordedDate (an onset given only as a Period, Age or text
   * does not date it), for rules that name that date.
   */
  public record ConditionFact(
      String ref,
      List<CodedValue> codes,
      String display,
      String clinicalStatus,
      LocalDate date,
      LocalDate dateTimeDate) {}

  /** A countable observation (final/amended/corrected, dated, no dataAbsentReason). */
  public record ObservationFact(
      String ref,
      List<CodedValue> codes,
      String display,
      LocalDate date,
      java.time.Instant time,
      java.time.Instant issued,
      Double value,
      String comparator,
      String unit,
      String unitText,
      List<CodedValue> answer,
      String answerDisplay,
      Bound low,
      Bound high) {}

  /** A reference range's low or high: its value (when a number) and unit. */
  public record Bound(Double value, String unit) {}

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
      boolean stopped,
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
      JsonNode resource) {}

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
    JsonNode patient = data.patient();
    this.birthDate = FhirDates.day(patient, "birthDate");
    String genderCode = FhirJson.string(patient, "gender");
    this.gender = genderCode == null || genderCode.equals("null") ? null : genderCode;
    data.conditions().forEach(this::addCondition);
    data.observations().forEach(this::addObservation);
    data.medicationRequests().forEach(this::addRequest);
    data.medicationStatements().forEach(this::addStatement);
    data.medicationAdministrations().forEach(this::addAdministration);
    data.procedures().forEach(this::addProcedure);
    data.serviceRequests().forEach(this::addServiceRequest);
    data.researchSubjects().forEach(this::addStudy);
    Map<String, JsonNode> draftResources = new java.util.HashMap<>();
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

  private void addCondition(JsonNode c) {
    String verification = Codes.firstCode(FhirJson.object(c, "verificationStatus"));
    if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
      return;
    }
    LocalDate recorded = FhirDates.day(c, "recordedDate");
    LocalDate date = FhirDates.choiceStart(c, "onset");
    LocalDate dateTimeDate = FhirDates.day(c, "onsetDateTime");
    JsonNode code = FhirJson.object(c, "code");
    conditions.add(
        new ConditionFact(
            FhirJson.ref(c),
            Codes.of(code),
            Codes.display(code),
            Codes.firstCode(FhirJson.object(c, "clinicalStatus")),
            date != null ? date : recorded,
            dateTimeDate != null ? dateTimeDate : recorded));
  }

  private void addObservation(JsonNode o) {
    String status = FhirJson.string(o, "status");
    if (status == null
        || !COUNTED_OBSERVATION_STATUS.contains(status)
        || FhirJson.object(o, "dataAbsentReason") != null) {
      return;
    }
    LocalDate date = FhirDates.observationDay(o);
    if (date == null) {
      return;
    }
    Double value = null;
    String comparator = null;
    String unit = null;
    String unitText = null;
    List<CodedValue> answer = List.of();
    String answerDisplay = null;
    JsonNode quantity = FhirJson.object(o, "valueQuantity");
    JsonNode concept = FhirJson.object(o, "valueCodeableConcept");
    if (quantity != null) {
      value = number(quantity);
      comparator = FhirJson.string(quantity, "comparator");
      String code = FhirJson.string(quantity, "code");
      String system = FhirJson.string(quantity, "system");
      String written = FhirJson.string(quantity, "unit");
      unitText = written != null ? written : code;
      if (code != null && (system == null || "http://unitsofmeasure.org".equals(system))) {
        unit = code;
      } else if (code == null) {
        unit = written;
      }
    } else if (concept != null) {
      answer = Codes.of(concept);
      answerDisplay = Codes.display(concept);
    }
    Bound low = null;
    Bound high = null;
    List<JsonNode> ranges = FhirJson.objects(o, "referenceRange");
    if (!ranges.isEmpty()) {
      low = bound(FhirJson.object(ranges.get(0), "low"));
      high = bound(FhirJson.object(ranges.get(0), "high"));
    }
    JsonNode code = FhirJson.object(o, "code");
    observations.add(
        new ObservationFact(
            FhirJson.ref(o),
            Codes.of(code),
            Codes.display(code),
            date,
            FhirDates.observationTime(o),
            FhirDates.instant(FhirJson.string(o, "issued")),
            value,
            comparator,
            unit,
            unitText,
            answer,
            answerDisplay,
            low,
            high));
  }

  /** A Quantity's value when it is a JSON number within double's range, else null. */
  private static Double number(JsonNode quantity) {
    JsonNode value = quantity.get("value");
    if (value == null || !value.isNumber()) {
      return null;
    }
    double number;
    if (value.isBigInteger() || value.isBigDecimal()) {
      // Past double's range Jackson refuses doubleValue(); the BigDecimal gives infinity.
      number = value.decimalValue().doubleValue();
    } else {
      number = value.doubleValue();
    }
    return Double.isFinite(number) ? number : null;
  }

  /** A reference range's low or high, or null when neither its value nor its unit is readable. */
  private static Bound bound(JsonNode quantity) {
    if (quantity == null) {
      return null;
    }
    Double value = number(quantity);
    String unit = FhirJson.string(quantity, "unit");
    return value == null && unit == null ? null : new Bound(value, unit);
  }

  private void addRequest(JsonNode m) {
    String status = FhirJson.string(m, "status");
    String intent = FhirJson.string(m, "intent");
    if (status == null || "draft".equals(status) || "entered-in-error".equals(status)) {
      return;
    }
    boolean orderIntent = intent != null && ORDER_INTENTS.contains(intent);
    boolean active = orderIntent && ACTIVE_REQUEST_STATUS.contains(status);
    boolean exposure = orderIntent && EXPOSURE_REQUEST_STATUS.contains(status);
    boolean stopped = orderIntent && "stopped".equals(status);
    JsonNode validity = FhirJson.object(FhirJson.object(m, "dispenseRequest"), "validityPeriod");
    LocalDate start = FhirDates.start(validity);
    if (start == null) {
      start = FhirDates.day(m, "authoredOn");
    }
    LocalDate end = FhirDates.day(validity, "end");
    LocalDate last = end != null ? end : start;
    Drug drug = medication(m, Map.of());
    medications.add(
        new MedicationFact(
            FhirJson.ref(m),
            MedicationUse.REQUEST,
            drug.codes(),
            drug.text(),
            drug.display(),
            active,
            exposure,
            stopped,
            start,
            last,
            intent(m)));
  }

  private void addStatement(JsonNode s) {
    String status = FhirJson.string(s, "status");
    if (status == null || "entered-in-error".equals(status)) {
      return;
    }
    Drug drug = medication(s, Map.of());
    medications.add(
        new MedicationFact(
            FhirJson.ref(s),
            MedicationUse.STATEMENT,
            drug.codes(),
            drug.text(),
            drug.display(),
            ACTIVE_STATEMENT_STATUS.contains(status),
            EXPOSURE_STATEMENT_STATUS.contains(status),
            "stopped".equals(status),
            FhirDates.choiceStart(s, "effective"),
            FhirDates.choiceEnd(s, "effective"),
            intent(s)));
  }

  private void addAdministration(JsonNode a) {
    String status = FhirJson.string(a, "status");
    if (status == null || !GIVEN_ADMINISTRATION_STATUS.contains(status)) {
      return;
    }
    LocalDate start = FhirDates.choiceStart(a, "effective");
    if (start == null) {
      return;
    }
    Drug drug = medication(a, Map.of());
    medications.add(
        new MedicationFact(
            FhirJson.ref(a),
            MedicationUse.ADMINISTRATION,
            drug.codes(),
            drug.text(),
            drug.display(),
            false,
            true,
            false,
            start,
            FhirDates.choiceEnd(a, "effective"),
            intent(a)));
  }

  private void addProcedure(JsonNode p) {
    String status = FhirJson.string(p, "status");
    if (status == null || "entered-in-error".equals(status)) {
      return;
    }
    Integer units = null;
    for (JsonNode used : FhirJson.objects(p, "usedReference")) {
      JsonNode product = resolve(p, used, Map.of());
      JsonNode quantity =
          FhirJson.is(product, "BiologicallyDerivedProduct") ? product.get("quantity") : null;
      if (quantity != null
          && quantity.isNumber()
          && quantity.canConvertToExactIntegral()
          && quantity.canConvertToInt()) {
        int count = quantity.intValue();
        if (count > 0) {
          units = (units == null ? 0 : units) + count;
        }
      }
    }
    JsonNode code = FhirJson.object(p, "code");
    procedures.add(
        new ProcedureFact(
            FhirJson.ref(p),
            Codes.of(code),
            Codes.display(code),
            status,
            FhirDates.choiceStart(p, "performed"),
            units));
  }

  private void addServiceRequest(JsonNode s) {
    String status = FhirJson.string(s, "status");
    if (status == null || "entered-in-error".equals(status) || "revoked".equals(status)) {
      return;
    }
    JsonNode code = FhirJson.object(s, "code");
    serviceRequests.add(
        new ServiceRequestFact(FhirJson.ref(s), Codes.of(code), Codes.display(code), status));
  }

  private void addStudy(JsonNode r) {
    String status = FhirJson.string(r, "status");
    if (status == null) {
      return;
    }
    JsonNode period = FhirJson.object(r, "period");
    JsonNode study = FhirJson.object(r, "study");
    String display = FhirJson.string(study, "display");
    studies.add(
        new StudyFact(
            FhirJson.ref(r),
            status,
            FhirDates.start(period),
            FhirDates.day(period, "end"),
            display != null ? display : FhirJson.string(study, "reference")));
  }

  private void addDraft(DraftOrder order, Map<String, JsonNode> draftResources) {
    JsonNode resource = order.resource();
    String type = FhirJson.type(resource);
    String status = FhirJson.string(resource, "status");
    boolean hasStatus = "MedicationRequest".equals(type) || "ServiceRequest".equals(type);
    boolean unreadableStatus = status == null && resource.has("status");
    if (hasStatus && (unreadableStatus || (status != null && !"draft".equals(status)))) {
      return; // not a draft, or a status that is not a code: not an order being placed
    }
    Drug drug;
    if ("MedicationRequest".equals(type)) {
      drug = medication(resource, draftResources);
    } else if ("ServiceRequest".equals(type)) {
      drug = Drug.of(FhirJson.object(resource, "code"));
    } else {
      drug = Drug.of(null);
    }
    drafts.add(
        new DraftFact(
            order.reference(),
            type,
            drug.codes(),
            drug.text(),
            drug.display(),
            order.selected(),
            resource));
  }

  /** What a medication element names: its codes, text and the best human name. */
  private record Drug(List<CodedValue> codes, String text, String display) {
    static Drug of(JsonNode concept) {
      return new Drug(Codes.of(concept), FhirJson.string(concept, "text"), Codes.display(concept));
    }
  }

  /**
   * The drug of medication[x]: the CodeableConcept, or the code of the Medication a
   * medicationReference resolves to (else the reference's display as text).
   */
  private Drug medication(JsonNode owner, Map<String, JsonNode> drafts) {
    JsonNode concept = owner.get("medicationCodeableConcept");
    if (concept != null && concept.isObject()) {
      return Drug.of(concept);
    }
    JsonNode reference = FhirJson.object(owner, "medicationReference");
    if (reference != null) {
      JsonNode target = resolve(owner, reference, drafts);
      JsonNode code = FhirJson.object(target, "code");
      if (FhirJson.is(target, "Medication") && code != null) {
        return Drug.of(code);
      }
      String display = FhirJson.string(reference, "display");
      return new Drug(List.of(), display, display != null ? display : "(no code)");
    }
    return Drug.of(null);
  }

  /** Resolves contained ({@code #id}), draft-bundle and prefetched references. */
  private JsonNode resolve(JsonNode owner, JsonNode reference, Map<String, JsonNode> drafts) {
    String value = FhirJson.string(reference, "reference");
    if (value == null) {
      return null;
    }
    if (value.startsWith("#")) {
      String id = value.substring(1);
      for (JsonNode contained : FhirJson.objects(owner, "contained")) {
        String containedId = FhirJson.id(contained);
        if (id.equals(containedId) || value.equals(containedId)) {
          return contained;
        }
      }
      return null;
    }
    String relative = References.relative(value);
    JsonNode draft = drafts.get(relative);
    return draft != null ? draft : data.referenced().get(relative);
  }

  private static List<CodedValue> intent(JsonNode resource) {
    List<CodedValue> result = new ArrayList<>();
    for (JsonNode extension : FhirJson.objects(resource, "extension")) {
      if (!INTENT_EXTENSION.equals(FhirJson.string(extension, "url"))) {
        continue;
      }
      JsonNode concept = FhirJson.object(extension, "valueCodeableConcept");
      JsonNode coding = FhirJson.object(extension, "valueCoding");
      if (concept != null) {
        result.addAll(Codes.of(concept));
      } else if (coding != null) {
        CodedValue value = Codes.coding(coding);
        if (value != null) {
          result.add(value);
        }
      }
    }
    return result;
  }
}
