package org.hemacds.fhir;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;

/**
 * A patient with three years of aplastic anaemia care: weekly CBCs (haemoglobin, platelets,
 * neutrophils, leukocytes), monthly ferritin, many resolved problems, transfusions and an old
 * withdrawn trial enrolment. Her active aplastic anaemia was entered last, so a server that pages
 * (50 a page) returns it on the second page of conditions. Dates count back from today (UTC).
 */
final class RealisticPatient {

  static final String ID = "longterm-1";
  static final String LOINC = "http://loinc.org";
  static final String HEMOGLOBIN = "718-7";
  static final String PLATELETS = "777-3";
  static final String NEUTROPHILS = "751-8";
  static final String LEUKOCYTES = "6690-2";
  static final String FERRITIN = "2276-4";
  static final int WEEKS = 157;
  static final int MONTHS = 36;
  static final int RESOLVED_PROBLEMS = 59;

  private RealisticPatient() {}

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  /** The days on which a CBC was drawn: weekly, newest today. */
  static List<LocalDate> cbcDays() {
    List<LocalDate> days = new ArrayList<>();
    for (int w = 0; w < WEEKS; w++) {
      days.add(today().minusWeeks(w));
    }
    return days;
  }

  static List<LocalDate> ferritinDays() {
    List<LocalDate> days = new ArrayList<>();
    for (int m = 0; m < MONTHS; m++) {
      days.add(today().minusMonths(m).minusDays(2));
    }
    return days;
  }

  /** How many observations of these LOINC codes were made on or after {@code from}. */
  static int observationsSince(LocalDate from, Set<String> codes) {
    int n = 0;
    for (LocalDate d : cbcDays()) {
      if (!d.isBefore(from)) {
        for (String code : List.of(HEMOGLOBIN, PLATELETS, NEUTROPHILS, LEUKOCYTES)) {
          n += codes.contains(code) ? 1 : 0;
        }
      }
    }
    for (LocalDate d : ferritinDays()) {
      if (!d.isBefore(from) && codes.contains(FERRITIN)) {
        n++;
      }
    }
    return n;
  }

  static int observationCount() {
    return WEEKS * 4 + MONTHS;
  }

  static List<Resource> resources() {
    List<Resource> all = new ArrayList<>();
    Patient patient = new Patient();
    patient.setId(ID);
    patient.setGender(Enumerations.AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1958-07-21"));
    all.add(patient);

    int n = 0;
    for (LocalDate day : cbcDays()) {
      double weekly = (n % 7) * 0.1;
      all.add(observation("cbc-hb-" + n, HEMOGLOBIN, "Hemoglobin", 7.5 + weekly, "g/dL", day));
      all.add(observation("cbc-plt-" + n, PLATELETS, "Platelets", 15 + n % 9, "10*3/uL", day));
      all.add(observation("cbc-anc-" + n, NEUTROPHILS, "Neutrophils", 0.4, "10*3/uL", day));
      all.add(observation("cbc-wbc-" + n, LEUKOCYTES, "Leukocytes", 1.6, "10*3/uL", day));
      n++;
    }
    int m = 0;
    for (LocalDate day : ferritinDays()) {
      all.add(observation("ferritin-" + m, FERRITIN, "Ferritin", 900 + 40 * m, "ng/mL", day));
      m++;
    }

    String[][] episodes = {
      {"D70.9", "Neutropenia, unspecified"},
      {"R50.81", "Fever presenting with conditions classified elsewhere"},
      {"J06.9", "Acute upper respiratory infection, unspecified"},
      {"B37.0", "Candidal stomatitis"},
      {"N39.0", "Urinary tract infection, site not specified"},
      {"R04.0", "Epistaxis"}
    };
    for (int i = 0; i < RESOLVED_PROBLEMS; i++) {
      String[] episode = episodes[i % episodes.length];
      all.add(
          condition(
              "episode-" + i,
              episode[0],
              episode[1],
              "resolved",
              today().minusYears(3).plusDays(18L * i)));
    }
    all.add(
        condition(
            "aa", "D61.89", "Other specified aplastic anemias", "active", today().minusYears(3)));

    Medication csa = new Medication();
    csa.setId("csa");
    csa.setCode(
        new CodeableConcept(
            new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "3008", "cyclosporine")));
    all.add(csa);
    MedicationRequest csaOrder = new MedicationRequest();
    csaOrder.setId("mr-csa");
    csaOrder.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    csaOrder.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    csaOrder.setMedication(new Reference("Medication/csa"));
    csaOrder.setSubject(new Reference("Patient/" + ID));
    all.add(csaOrder);

    for (int t = 0; t < 40; t++) {
      Procedure transfusion = new Procedure();
      transfusion.setId("rbc-" + t);
      transfusion.setStatus(Procedure.ProcedureStatus.COMPLETED);
      transfusion.setCode(
          new CodeableConcept(
              new Coding("http://snomed.info/sct", "116863004", "Transfusion of red blood cells")));
      transfusion.setSubject(new Reference("Patient/" + ID));
      transfusion.setPerformed(new DateTimeType(date(today().minusWeeks(3L * t))));
      all.add(transfusion);
    }

    ResearchSubject withdrawn = new ResearchSubject();
    withdrawn.setId("rs-old");
    withdrawn.setStatus(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
    withdrawn.setStudy(new Reference("ResearchStudy/eltrombopag-saa"));
    withdrawn.setIndividual(new Reference("Patient/" + ID));
    all.add(withdrawn);
    return all;
  }

  private static Observation observation(
      String id, String loinc, String display, double value, String unit, LocalDate day) {
    Observation o = new Observation();
    o.setId(id);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)));
    o.setSubject(new Reference("Patient/" + ID));
    o.setEffective(new DateTimeType(date(day)));
    o.setValue(
        new Quantity()
            .setValue(value)
            .setUnit(unit)
            .setSystem("http://unitsofmeasure.org")
            .setCode(unit));
    return o;
  }

  private static Condition condition(
      String id, String code, String display, String status, LocalDate onset) {
    Condition c = new Condition();
    c.setId(id);
    c.setClinicalStatus(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", status, status)));
    c.setVerificationStatus(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "confirmed",
                "Confirmed")));
    c.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", code, display)));
    c.setSubject(new Reference("Patient/" + ID));
    c.setOnset(new DateTimeType(date(onset)));
    return c;
  }

  /** Eight in the morning UTC of that day. */
  private static Date date(LocalDate day) {
    return Date.from(day.atTime(8, 0).toInstant(ZoneOffset.UTC));
  }
}
