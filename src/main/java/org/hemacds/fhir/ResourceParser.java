package org.hemacds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * Parses FHIR R4 JSON leniently, as real CDS clients send resources that are not quite valid: a
 * field that is not valid FHIR is dropped or read as well as it can be, never a failure of the
 * request. Only text that is not a FHIR resource at all yields empty.
 */
public final class ResourceParser {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ResourceParser.class);

  private final FhirContext context;

  public ResourceParser(FhirContext context) {
    this.context = context;
  }

  public FhirContext context() {
    return context;
  }

  /**
   * Parses any resource; empty when the text is not a FHIR R4 resource. HAPI's lenient parser can
   * fail on malformed input with other runtime exceptions too (e.g. a NullPointerException for a
   * Bundle entry whose {@code resource} is a string): any of them means "not readable", never a
   * failure of the request.
   */
  public Optional<Resource> parse(String json) {
    try {
      return Optional.of((Resource) parser().parseResource(json));
    } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      log.debug("HAPI could not parse a resource: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /** Parses a resource of the expected type; empty for another type or unreadable text. */
  public <T extends Resource> Optional<T> parse(String json, Class<T> type) {
    return parse(json).filter(type::isInstance).map(type::cast);
  }

  private IParser parser() {
    // Parsers are cheap and not thread-safe: one per call.
    LenientErrorHandler lenient = new LenientErrorHandler(false);
    lenient.setErrorOnInvalidValue(false);
    return context.newJsonParser().setParserErrorHandler(lenient);
  }

  /** Does HAPI's slow first-use work (model scanning) now, not on the first request. */
  void prewarm() {
    parse(
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            + "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
            + "\"valueQuantity\":{\"value\":1,\"unit\":\"g/dL\"}}}]}");
    for (Class<? extends Resource> type :
        java.util.List.of(
            Observation.class,
            MedicationRequest.class,
            org.hl7.fhir.r4.model.Condition.class,
            org.hl7.fhir.r4.model.Patient.class,
            org.hl7.fhir.r4.model.Procedure.class,
            org.hl7.fhir.r4.model.ServiceRequest.class,
            org.hl7.fhir.r4.model.MedicationStatement.class,
            org.hl7.fhir.r4.model.MedicationAdministration.class,
            org.hl7.fhir.r4.model.ResearchSubject.class,
            org.hl7.fhir.r4.model.BiologicallyDerivedProduct.class,
            org.hl7.fhir.r4.model.Medication.class,
            Bundle.class)) {
      context.getResourceDefinition(type);
    }
    context.newJsonParser().encodeResourceToString(new MedicationRequest());
  }
}
