package org.hemacds.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemacds.fhir.FhirJson;
import org.hemacds.terminology.CodedValue;
import tools.jackson.databind.JsonNode;

/** Reading codes out of FHIR CodeableConcepts, and naming code systems for people. */
final class Codes {

  private static final Map<String, String> SYSTEM_NAMES =
      Map.of(
          "http://snomed.info/sct", "SNOMED CT",
          "http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM",
          "http://loinc.org", "LOINC",
          "http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm",
          "http://www.whocc.no/atc", "ATC",
          "http://www.cms.gov/Medicare/Coding/ICD10", "ICD-10-PCS",
          "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "HCPCS");

  private Codes() {}

  /** The codings of a CodeableConcept that have both system and code. */
  static List<CodedValue> of(JsonNode concept) {
    List<JsonNode> codings = FhirJson.objects(concept, "coding");
    if (codings.isEmpty()) {
      return List.of();
    }
    List<CodedValue> result = new ArrayList<>(codings.size());
    for (JsonNode coding : codings) {
      CodedValue value = coding(coding);
      if (value != null) {
        result.add(value);
      }
    }
    return result;
  }

  /** A Coding with both system and code, else null. */
  static CodedValue coding(JsonNode coding) {
    String system = FhirJson.string(coding, "system");
    String code = FhirJson.string(coding, "code");
    return system == null || code == null
        ? null
        : new CodedValue(system, code, FhirJson.string(coding, "display"));
  }

  /** The best human name: the concept's text, else the first coding's display, else its code. */
  static String display(JsonNode concept) {
    String text = FhirJson.string(concept, "text");
    if (text != null) {
      return text;
    }
    List<JsonNode> codings = FhirJson.objects(concept, "coding");
    for (JsonNode coding : codings) {
      String display = FhirJson.string(coding, "display");
      if (display != null) {
        return display;
      }
    }
    for (JsonNode coding : codings) {
      String code = FhirJson.string(coding, "code");
      if (code != null) {
        return code;
      }
    }
    return "(no code)";
  }

  /** The first coding's code (a status CodeableConcept such as clinicalStatus), or null. */
  static String firstCode(JsonNode concept) {
    for (JsonNode coding : FhirJson.objects(concept, "coding")) {
      String code = FhirJson.string(coding, "code");
      if (code != null) {
        return code;
      }
    }
    return null;
  }

  static String systemName(String system) {
    return SYSTEM_NAMES.getOrDefault(system, system);
  }

  /** E.g. "ICD-10-CM D61.9" for the first coding, or "" when uncoded. */
  static String label(List<CodedValue> codes) {
    if (codes.isEmpty()) {
      return "";
    }
    CodedValue first = codes.get(0);
    return systemName(first.system()) + " " + first.code();
  }
}
