package org.hemacds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import tools.jackson.databind.JsonNode;

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
    return readable(() -> (Resource) parser().parseResource(json));
  }

  /**
   * Parses a resource from the request's JSON tree, without writing it back to text first; empty
   * when the node is not a FHIR R4 resource.
   */
  public Optional<Resource> parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      return Optional.empty();
    }
    JsonNode type = json.get("resourceType");
    if (type != null && type.isString() && type.stringValue().equals("Bundle")) {
      return parseBundle(json);
    }
    return parseTree(json, false);
  }

  private Optional<Resource> parseTree(JsonNode json, boolean hideEntryFullUrls) {
    return readable(
        () ->
            (Resource)
                ((IJsonLikeParser) parser())
                    .parseResource(new JsonTreeStructure(json, hideEntryFullUrls)));
  }

  /**
   * Runs one HAPI parse. Expected refusals (not FHIR, wrong shape) are silent; any other runtime
   * failure of HAPI on malformed input is logged at debug. Either way: not readable, never a
   * failure of the request.
   */
  private static Optional<Resource> readable(java.util.function.Supplier<Resource> parse) {
    try {
      return Optional.of(parse.get());
    } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      log.debug("HAPI could not parse a resource: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /**
   * A Bundle from the tree, its entries' fullUrls applied as HAPI's text parser applies them.
   * Anything unusual about the entries (not objects, a fullUrl that is not a non-empty string, an
   * entry HAPI dropped) goes through the text parser instead, so the result is always the same.
   */
  private Optional<Resource> parseBundle(JsonNode json) {
    JsonNode entries = json.get("entry");
    List<String> fullUrls = new ArrayList<>();
    if (entries != null) {
      if (!entries.isArray()) {
        return parse(json.toString());
      }
      for (JsonNode entry : entries) {
        JsonNode fullUrl = entry.get("fullUrl");
        if (!entry.isObject()
            || entry.has("_fullUrl")
            || (fullUrl != null && (!fullUrl.isString() || fullUrl.stringValue().isEmpty()))) {
          return parse(json.toString());
        }
        fullUrls.add(fullUrl == null ? null : fullUrl.stringValue());
      }
    }
    Optional<Resource> parsed = parseTree(json, true);
    if (parsed.isEmpty() || !(parsed.get() instanceof Bundle bundle)) {
      return parsed;
    }
    if (bundle.getEntry().size() != fullUrls.size()) {
      return parse(json.toString());
    }
    for (int i = 0; i < fullUrls.size(); i++) {
      String fullUrl = fullUrls.get(i);
      if (fullUrl != null) {
        Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
        entry.setFullUrl(fullUrl);
        applyFullUrl(entry.getResource(), fullUrl);
      }
    }
    return parsed;
  }

  /**
   * HAPI 8.8.1's rule (BaseParser.parseResource, R4) for a Bundle entry's resource id: the fullUrl
   * when the resource has no id or the fullUrl is {@code urn:...:<id>}; otherwise the fullUrl's
   * server base when it names the same id.
   */
  private static void applyFullUrl(Resource resource, String fullUrl) {
    if (resource == null) {
      return;
    }
    IIdType id = resource.getIdElement();
    if (id.getValue() == null || id.getValue().isBlank()) {
      id.setValue(fullUrl);
      return;
    }
    String idPart = id.getIdPart();
    if (idPart == null) {
      return;
    }
    if (fullUrl.startsWith("urn:")
        && fullUrl.length() > idPart.length()
        && fullUrl.charAt(fullUrl.length() - idPart.length() - 1) == ':'
        && fullUrl.endsWith(idPart)) {
      id.setValue(fullUrl);
      return;
    }
    IdType fullUrlId = new IdType(fullUrl);
    if (Objects.equals(fullUrlId.getIdPart(), idPart) && fullUrlId.hasBaseUrl()) {
      id.setValue(id.withServerBase(fullUrlId.getBaseUrl(), id.getResourceType()).getValue());
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

  /** {@link #prewarm()} for a context before any bean exists (startup's second thread). */
  public static void prewarm(FhirContext context) {
    new ResourceParser(context).prewarm();
  }

  /** Does HAPI's slow first-use work (model scanning) now, not on the first request. */
  void prewarm() {
    parse(
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            + "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
            + "\"valueQuantity\":{\"value\":1,\"unit\":\"g/dL\"}}}]}");
    for (Class<? extends Resource> type :
        List.of(
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
