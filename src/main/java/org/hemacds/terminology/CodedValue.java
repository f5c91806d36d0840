package org.hemacds.terminology;

/** One code from a FHIR Coding: system URI, code and (optional) display. */
public record CodedValue(String system, String code, String display) {

  public String token() {
    return system + "|" + code;
  }
}
