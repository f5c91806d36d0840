package org.hemacds.fhir;

import org.hl7.fhir.r4.model.Reference;

/** Reading FHIR references the way servers actually write them. */
public final class References {

  private References() {}

  /**
   * True if the reference points at {@code Patient/<patientId>}: relative, absolute, or versioned.
   */
  public static boolean isPatient(String reference, String patientId) {
    if (reference == null || reference.isEmpty()) {
      return false;
    }
    String value = FhirJson.withoutHistory(reference);
    return value.equals("Patient/" + patientId) || value.endsWith("/Patient/" + patientId);
  }

  /** {@code Type/id} of a relative or absolute reference, without version; null if none. */
  public static String relative(String reference) {
    if (reference == null || reference.isEmpty()) {
      return null;
    }
    String value = FhirJson.withoutHistory(reference);
    String[] parts = value.split("/");
    if (parts.length < 2) {
      return value;
    }
    return parts[parts.length - 2] + "/" + parts[parts.length - 1];
  }

  /** {@link #isPatient(String, String)} of a HAPI Reference. */
  public static boolean isPatient(Reference reference, String patientId) {
    return reference != null && isPatient(reference.getReference(), patientId);
  }

  /** {@link #relative(String)} of a HAPI Reference. */
  public static String relative(Reference reference) {
    return reference == null ? null : relative(reference.getReference());
  }
}
