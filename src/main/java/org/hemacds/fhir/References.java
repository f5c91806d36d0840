package org.hemacds.fhir;

import org.hl7.fhir.r4.model.Reference;

/** Reading FHIR references the way servers actually write them. */
public final class References {

  private References() {}

  /**
   * True if the reference points at {@code Patient/<patientId>}: relative, absolute, or versioned.
   */
  public static boolean isPatient(Reference reference, String patientId) {
    if (reference == null || !reference.hasReference()) {
      return false;
    }
    String value = reference.getReference();
    int history = value.indexOf("/_history/");
    if (history >= 0) {
      value = value.substring(0, history);
    }
    return value.equals("Patient/" + patientId) || value.endsWith("/Patient/" + patientId);
  }

  /** {@code Type/id} of a relative or absolute reference, without version; null if none. */
  public static String relative(Reference reference) {
    if (reference == null || !reference.hasReference()) {
      return null;
    }
    String value = reference.getReference();
    int history = value.indexOf("/_history/");
    if (history >= 0) {
      value = value.substring(0, history);
    }
    String[] parts = value.split("/");
    if (parts.length < 2) {
      return value;
    }
    return parts[parts.length - 2] + "/" + parts[parts.length - 1];
  }
}
