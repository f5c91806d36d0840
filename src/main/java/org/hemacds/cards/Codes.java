package org.hemacds.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemacds.terminology.CodedValue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

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

  static List<CodedValue> of(CodeableConcept concept) {
    if (concept == null) {
      return List.of();
    }
    List<CodedValue> result = new ArrayList<>(concept.getCoding().size());
    for (Coding coding : concept.getCoding()) {
      if (coding.hasSystem() && coding.hasCode()) {
        result.add(new CodedValue(coding.getSystem(), coding.getCode(), coding.getDisplay()));
      }
    }
    return result;
  }

  static List<CodedValue> of(List<CodeableConcept> concepts) {
    List<CodedValue> result = new ArrayList<>();
    for (CodeableConcept concept : concepts) {
      result.addAll(of(concept));
    }
    return result;
  }

  /** The best human name: the concept's text, else the first coding's display, else its code. */
  static String display(CodeableConcept concept) {
    if (concept == null) {
      return "(no code)";
    }
    if (concept.hasText()) {
      return concept.getText();
    }
    for (Coding coding : concept.getCoding()) {
      if (coding.hasDisplay()) {
        return coding.getDisplay();
      }
    }
    for (Coding coding : concept.getCoding()) {
      if (coding.hasCode()) {
        return coding.getCode();
      }
    }
    return "(no code)";
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
