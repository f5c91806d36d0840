package org.hemacds.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test resources built with HAPI's model, written as the FHIR JSON the service reads. */
public final class FhirTestJson {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FhirTestJson() {}

  /** The resource as HAPI writes it, as a JSON tree. */
  public static JsonNode json(IBaseResource resource) {
    return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
  }

  /** A JSON text as a tree. */
  public static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** JSON the service read, as a HAPI resource (for assertions). */
  public static org.hl7.fhir.r4.model.Resource resource(JsonNode json) {
    return (org.hl7.fhir.r4.model.Resource) FHIR.newJsonParser().parseResource(json.toString());
  }

  /** Each kind's JSON resources as HAPI resources (for assertions). */
  public static Map<DataKind, List<org.hl7.fhir.r4.model.Resource>> resources(
      Map<DataKind, List<JsonNode>> found) {
    Map<DataKind, List<org.hl7.fhir.r4.model.Resource>> result = new EnumMap<>(DataKind.class);
    found.forEach(
        (kind, resources) ->
            result.put(kind, resources.stream().map(FhirTestJson::resource).toList()));
    return result;
  }

  /** Each kind's resources as JSON. */
  public static Map<DataKind, List<JsonNode>> json(
      Map<DataKind, ? extends List<? extends IBaseResource>> found) {
    Map<DataKind, List<JsonNode>> result = new EnumMap<>(DataKind.class);
    found.forEach(
        (kind, resources) -> result.put(kind, resources.stream().map(FhirTestJson::json).toList()));
    return result;
  }
}
