package org.hemacds.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark patient as CDS Hooks requests: a woman with lower-risk MDS, 300 observations over
 * three years (ten lab and ECG codes, every 36 days, some haemoglobins in g/L so UCUM conversion is
 * exercised), transfusions, medications, and on order-select 10 draft orders of which ESA, arsenic
 * trioxide and an RBC transfusion are selected. It fires R03 (QTc over 500 ms), R09 (Hb over 11),
 * R10 (EPO over 500 in MDS) and R14 (iron overload); the benchmarks check that.
 *
 * <p>Plain JDK only, so {@code bench/run.sh} runs it with the single-file launcher: {@code java
 * BenchmarkRequests.java <out-dir> [yyyy-mm-dd]} writes {@code order-select.json} and {@code
 * patient-view.json} (300 observations, about 85 KB) and {@code order-select-200.json} (the same
 * patient with 200 observations, under 60 KB), dated for today (UTC) unless a date is given.
 */
public final class BenchmarkRequests {

  public static final String PATIENT = "b1";
  public static final int OBSERVATIONS = 300;

  private static final String LOINC = "http://loinc.org";
  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  private static final String SNOMED = "http://snomed.info/sct";
  private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";

  private BenchmarkRequests() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    LocalDate today = args.length > 1 ? LocalDate.parse(args[1]) : LocalDate.now(ZoneOffset.UTC);
    Files.createDirectories(dir);
    write(dir.resolve("order-select.json"), orderSelect(today));
    write(dir.resolve("patient-view.json"), patientView(today));
    // The same patient trimmed to 200 observations: the 20-60 KB request size.
    write(dir.resolve("order-select-200.json"), orderSelect(today, 200));
  }

  private static void write(Path file, String json) throws IOException {
    Files.writeString(file, json, StandardCharsets.UTF_8);
  }

  /** order-select with the full prefetch and 10 draft orders (3 selected). */
  public static String orderSelect(LocalDate today) {
    return orderSelect(today, OBSERVATIONS);
  }

  /** order-select with {@code observations} (a multiple of 10) spread over three years. */
  public static String orderSelect(LocalDate today, int observations) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append(
        "{\"hook\":\"order-select\",\"hookInstance\":\"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\",");
    b.append("\"context\":{\"userId\":\"Practitioner/hem-7\",\"patientId\":\"").append(PATIENT);
    b.append("\",\"encounterId\":\"enc-88\",\"selections\":[");
    b.append("\"MedicationRequest/d-esa\",\"MedicationRequest/d-ato\",\"ServiceRequest/d-rbc\"],");
    b.append("\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
    List<String> drafts = drafts();
    for (int i = 0; i < drafts.size(); i++) {
      b.append(i == 0 ? "" : ",").append("{\"resource\":").append(drafts.get(i)).append('}');
    }
    b.append("]}},");
    prefetch(b, today, observations);
    return b.append('}').toString();
  }

  /** patient-view with the same prefetch. */
  public static String patientView(LocalDate today) {
    return patientView(today, OBSERVATIONS);
  }

  /** patient-view with {@code observations} (a multiple of 10) spread over three years. */
  public static String patientView(LocalDate today, int observations) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append(
        "{\"hook\":\"patient-view\",\"hookInstance\":\"5b0e1f0c-3a63-4d6e-9a40-1b2b1d7b9f11\",");
    b.append("\"context\":{\"userId\":\"Practitioner/hem-7\",\"patientId\":\"").append(PATIENT);
    b.append("\"},");
    prefetch(b, today, observations);
    return b.append('}').toString();
  }

  private static List<String> drafts() {
    List<String> d = new ArrayList<>();
    d.add(
        draftMed("d-esa", RXNORM, "105694", "epoetin alfa", "Epoetin alfa 40,000 units SC weekly"));
    d.add(draftMed("d-ato", RXNORM, "18330", "arsenic trioxide", "Arsenic trioxide 0.15 mg/kg IV"));
    d.add(
        "{\"resourceType\":\"ServiceRequest\",\"id\":\"d-rbc\",\"status\":\"draft\","
            + "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/"
            + PATIENT
            + "\"},\"code\":{\"coding\":[{\"system\":\""
            + SNOMED
            + "\",\"code\":\"116863004\",\"display\":\"Transfusion of red blood cells\"}],"
            + "\"text\":\"Transfuse 2 units RBC\"}}");
    d.add(draftMed("d-ond", RXNORM, "26225", "ondansetron", "Ondansetron 8 mg PO q8h PRN"));
    d.add(draftMed("d-allo", RXNORM, "519", "allopurinol", "Allopurinol 300 mg PO daily"));
    d.add(draftMed("d-acv", RXNORM, "281", "acyclovir", "Acyclovir 400 mg PO BID"));
    d.add(draftMed("d-pos", RXNORM, "282446", "posaconazole", "Posaconazole 300 mg PO daily"));
    d.add(draftMed("d-fol", RXNORM, "4511", "folic acid", "Folic acid 1 mg PO daily"));
    d.add(draftLab("d-cbc", "58410-2", "CBC panel - Blood by Automated count"));
    d.add(draftLab("d-ecg", "11524-6", "EKG study"));
    return d;
  }

  private static String draftMed(
      String id, String system, String code, String display, String text) {
    return "{\"resourceType\":\"MedicationRequest\",\"id\":\""
        + id
        + "\",\"status\":\"draft\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/"
        + PATIENT
        + "\"},\"medicationCodeableConcept\":{\"coding\":[{\"system\":\""
        + system
        + "\",\"code\":\""
        + code
        + "\",\"display\":\""
        + display
        + "\"}],\"text\":\""
        + text
        + "\"},\"dosageInstruction\":[{\"text\":\""
        + text
        + "\"}]}";
  }

  private static String draftLab(String id, String code, String display) {
    return "{\"resourceType\":\"ServiceRequest\",\"id\":\""
        + id
        + "\",\"status\":\"draft\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/"
        + PATIENT
        + "\"},\"code\":{\"coding\":[{\"system\":\""
        + LOINC
        + "\",\"code\":\""
        + code
        + "\",\"display\":\""
        + display
        + "\"}]}}";
  }

  /** One lab or ECG code of the panel drawn on each visit. */
  private record Lab(String code, String unit, double mean, double spread) {}

  private static final List<Lab> PANEL =
      List.of(
          new Lab("718-7", "g/dL", 9.2, 1.2),
          new Lab("777-3", "10*9/L", 95, 30),
          new Lab("751-8", "10*9/L", 1.4, 0.5),
          new Lab("2276-4", "ng/mL", 900, 250),
          new Lab("2502-3", "%", 38, 8),
          new Lab("15061-5", "m[IU]/mL", 420, 120),
          new Lab("8636-3", "ms", 455, 20),
          new Lab("2160-0", "mg/dL", 0.9, 0.15),
          new Lab("29463-7", "kg", 68, 1.5),
          new Lab("8302-2", "cm", 164, 0.3));

  private static void prefetch(StringBuilder b, LocalDate today, int count) {
    b.append("\"prefetch\":{");
    b.append("\"patient\":{\"resourceType\":\"Patient\",\"id\":\"").append(PATIENT);
    b.append("\",\"name\":[{\"family\":\"Benchmark\",\"given\":[\"Jo\"]}],");
    b.append("\"gender\":\"female\",\"birthDate\":\"1956-05-10\"},");

    List<String> conditions = new ArrayList<>();
    conditions.add(
        condition(
            "c-mds",
            ICD10,
            "D46.1",
            "Refractory anemia with ring sideroblasts",
            today.minusDays(1050)));
    conditions.add(
        condition("c-htn", ICD10, "I10", "Essential hypertension", today.minusDays(4000)));
    conditions.add(
        condition(
            "c-ckd", ICD10, "N18.3", "Chronic kidney disease, stage 3", today.minusDays(2000)));
    conditions.add(
        condition(
            "c-hio",
            ICD10,
            "E83.111",
            "Hemochromatosis due to repeated" + " red blood cell transfusions",
            today.minusDays(200)));
    bundle(b, "conditions", conditions);
    b.append(',');

    List<String> observations = new ArrayList<>();
    Random random = new Random(20261128);
    int visits = count / PANEL.size();
    long interval = 1080 / Math.max(1, visits - 1);
    for (int v = 0; v < visits; v++) {
      // Oldest first, the newest 10 days ago: the visits span three years (every 37 days for 30).
      LocalDate date = today.minusDays(10 + interval * (visits - 1 - v));
      boolean last = v == visits - 1;
      for (int l = 0; l < PANEL.size(); l++) {
        Lab lab = PANEL.get(l);
        double value = lab.mean() + lab.spread() * random.nextGaussian();
        String unit = lab.unit();
        if (last) {
          // The latest results are what fires the cards: Hb > 11 (R09), QTc > 500 (R03),
          // EPO > 500 (R10), ferritin > 1000 (R14).
          value =
              switch (lab.code()) {
                case "718-7" -> 11.6;
                case "8636-3" -> 512;
                case "15061-5" -> 640;
                case "2276-4" -> 1850;
                default -> value;
              };
        }
        if (lab.code().equals("718-7") && v % 3 == 1) {
          unit = "g/L"; // an outside lab reporting in g/L
          value *= 10;
        }
        observations.add(observation("o" + (v * PANEL.size() + l), lab, value, unit, date));
      }
    }
    bundle(b, "observations", observations);
    b.append(',');

    List<String> requests = new ArrayList<>();
    requests.add(
        medicationRequest("mr-allo", "active", RXNORM, "519", "allopurinol", today.minusDays(300)));
    requests.add(
        medicationRequest(
            "mr-esa-old", "completed", RXNORM, "105694", "epoetin alfa", today.minusDays(800)));
    requests.add(
        medicationRequest("mr-acv", "stopped", RXNORM, "281", "acyclovir", today.minusDays(500)));
    bundle(b, "medicationRequests", requests);
    b.append(',');
    bundle(
        b,
        "medicationStatements",
        List.of(
            "{\"resourceType\":\"MedicationStatement\",\"id\":\"ms-vitd\",\"status\":\"active\","
                + "\"subject\":{\"reference\":\"Patient/"
                + PATIENT
                + "\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\""
                + RXNORM
                + "\",\"code\":\"11253\",\"display\":\"vitamin D\"}]},"
                + "\"effectiveDateTime\":\""
                + today.minusDays(700)
                + "\"}"));
    b.append(',');
    bundle(b, "medicationAdministrations", List.of());
    b.append(',');

    List<String> procedures = new ArrayList<>();
    for (int days : new int[] {100, 72, 45, 20}) {
      procedures.add(
          "{\"resourceType\":\"Procedure\",\"id\":\"tx-"
              + days
              + "\",\"status\":\"completed\","
              + "\"subject\":{\"reference\":\"Patient/"
              + PATIENT
              + "\"},"
              + "\"code\":{\"coding\":[{\"system\":\""
              + SNOMED
              + "\",\"code\":\"116863004\",\"display\":\"Transfusion of red blood cells\"}]},"
              + "\"performedDateTime\":\""
              + today.minusDays(days)
              + "\"}");
    }
    bundle(b, "procedures", procedures);
    b.append(',');
    bundle(b, "serviceRequests", List.of());
    b.append(',');
    bundle(b, "researchSubjects", List.of());
    b.append('}');
  }

  private static void bundle(StringBuilder b, String key, List<String> resources) {
    b.append('"').append(key).append("\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\",");
    b.append("\"total\":").append(resources.size()).append(",\"entry\":[");
    for (int i = 0; i < resources.size(); i++) {
      b.append(i == 0 ? "" : ",").append("{\"resource\":").append(resources.get(i)).append('}');
    }
    b.append("]}");
  }

  private static String condition(
      String id, String system, String code, String display, LocalDate onset) {
    return "{\"resourceType\":\"Condition\",\"id\":\""
        + id
        + "\",\"subject\":{\"reference\":\"Patient/"
        + PATIENT
        + "\"},\"clinicalStatus\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
        + "\"verificationStatus\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"confirmed\"}]},"
        + "\"code\":{\"coding\":[{\"system\":\""
        + system
        + "\",\"code\":\""
        + code
        + "\",\"display\":\""
        + display
        + "\"}]},\"onsetDateTime\":\""
        + onset
        + "\"}";
  }

  private static String observation(String id, Lab lab, double value, String unit, LocalDate date) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"subject\":{\"reference\":\"Patient/"
        + PATIENT
        + "\"},\"code\":{\"coding\":[{\"system\":\""
        + LOINC
        + "\",\"code\":\""
        + lab.code()
        + "\"}]},\"effectiveDateTime\":\""
        + date
        + "\",\"valueQuantity\":{\"value\":"
        + new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString()
        + ",\"unit\":\""
        + unit
        + "\"}}";
  }

  private static String medicationRequest(
      String id, String status, String system, String code, String display, LocalDate authored) {
    return "{\"resourceType\":\"MedicationRequest\",\"id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/"
        + PATIENT
        + "\"},\"medicationCodeableConcept\":{\"coding\":[{\"system\":\""
        + system
        + "\",\"code\":\""
        + code
        + "\",\"display\":\""
        + display
        + "\"}]},\"authoredOn\":\""
        + authored
        + "\"}";
  }
}
