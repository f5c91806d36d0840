package org.hemacds.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The FHIR R4 resource types, as HAPI's model knows them. Requests are read as JSON (see {@link
 * FhirJson}); HAPI is used where resources are written: the suggestions of cards.
 */
public final class ResourceTypes {

  private final Set<String> names;

  public ResourceTypes(FhirContext context) {
    this.names = Set.copyOf(context.getResourceTypes());
  }

  /** True if {@code name} is an R4 resource type. */
  public boolean contains(String name) {
    return names.contains(name);
  }

  /**
   * Does HAPI's slow first-use work (model scanning, parser set-up) for the resources cards
   * suggest, so the first card with a suggestion is not slow.
   */
  public static void prewarm(FhirContext context) {
    var parser = context.newJsonParser();
    for (var resource : java.util.List.of(new MedicationRequest(), new ServiceRequest())) {
      parser.parseResource(parser.encodeResourceToString(resource));
    }
  }
}
