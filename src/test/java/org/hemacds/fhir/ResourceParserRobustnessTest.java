package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs the fuzzers found to break HAPI's lenient parser: each is unreadable, never a 500. */
class ResourceParserRobustnessTest {

  static final ResourceParser PARSER = new ResourceParser(FhirContext.forR4Cached());

  @ParameterizedTest
  @ValueSource(
      strings = {
        // HookRequestFuzzTest: NullPointerException in HAPI's Bundle cross-reference stitching.
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":\"mmol/L\"}]}",
        "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":29.948}]}",
      })
  void malformedResourcesAreUnreadableNotFailures(String json) {
    // Either parsed leniently (the bad part dropped) or empty; never an exception.
    PARSER.parse(json);
    assertThat(PARSER.parse(json, org.hl7.fhir.r4.model.Patient.class)).isEmpty();
  }
}
