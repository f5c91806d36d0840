package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parsing from the request's JSON tree gives exactly what parsing its text gave. */
class JsonTreeStructureTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final ResourceParser PARSER = new ResourceParser(FHIR);
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void everyResourceOfTheSampleRequestsParsesAlike() throws IOException {
    List<JsonNode> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("fhir-samples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonNode request = JSON.readTree(Files.readString(file));
        request
            .path("context")
            .path("draftOrders")
            .path("entry")
            .forEach(e -> resources.add(e.path("resource")));
        request.path("prefetch").forEach(resources::add);
      }
    }
    assertThat(resources).hasSizeGreaterThan(10);
    resources.forEach(JsonTreeStructureTest::assertSameAsText);
  }

  @Test
  void oddButReadableResourcesParseAlike() {
    for (String json :
        List.of(
            // decimals, exponents, integers, booleans, nulls and a primitive's extension
            "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\","
                + "\"code\":{\"text\":\"Hb\"},\"valueQuantity\":{\"value\":0.510,\"unit\":\"g/dL\"},"
                + "\"referenceRange\":[{\"low\":{\"value\":1.2e1},\"high\":{\"value\":16}}],"
                + "\"_status\":{\"extension\":[{\"url\":\"http://x\",\"valueBoolean\":true}]},"
                + "\"issued\":null,\"note\":[{\"text\":\"ünïcødé \\\"quoted\\\"\"}]}",
            // the CDS Hooks sandbox's invalid draft: single objects where R4 has arrays
            "{\"resourceType\":\"MedicationRequest\",\"id\":\"m1\",\"status\":\"draft\","
                + "\"intent\":\"order\",\"reasonCode\":{\"text\":\"x\"},"
                + "\"category\":{\"text\":\"y\"},\"contained\":[{\"resourceType\":\"Medication\","
                + "\"id\":\"med\",\"code\":{\"text\":\"epoetin\"}}],"
                + "\"medicationReference\":{\"reference\":\"#med\"},"
                + "\"dosageInstruction\":[{\"doseAndRate\":[{\"doseQuantity\":{\"value\":40000}}]}]}",
            // unknown fields and wrong types
            "{\"resourceType\":\"Patient\",\"id\":\"p\",\"birthDate\":19560510,\"gender\":true,"
                + "\"madeUp\":{\"a\":[1,2]},\"active\":\"yes\"}",
            // a Bundle with fullUrls and a next link
            "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\","
                + "\"url\":\"http://h/x?page=2\"}],\"entry\":[{\"fullUrl\":\"http://h/Condition/c1\","
                + "\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\","
                + "\"subject\":{\"reference\":\"Patient/p\"}}}]}")) {
      assertSameAsText(JSON.readTree(json));
    }
  }

  @Test
  void bundleEntryFullUrlsSetIdsAsTheTextParserDoes() {
    String[] entries = {
      "{\"fullUrl\":\"http://h/fhir/Observation/o1\",\"resource\":" + obs("\"id\":\"o1\",") + "}",
      "{\"fullUrl\":\"urn:uuid:0b5c\",\"resource\":" + obs("\"id\":\"0b5c\",") + "}",
      "{\"fullUrl\":\"urn:uuid:9f3e\",\"resource\":" + obs("\"id\":\"o2\",") + "}",
      "{\"fullUrl\":\"urn:uuid:77aa\",\"resource\":" + obs("") + "}",
      "{\"fullUrl\":\"http://h/fhir/Observation/o3\",\"resource\":" + obs("\"id\":\"o4\",") + "}",
      "{\"fullUrl\":\"http://h/fhir/Observation/o5/_history/2\",\"resource\":"
          + obs("\"id\":\"o5\",\"meta\":{\"versionId\":\"3\"},")
          + "}",
      "{\"resource\":" + obs("\"id\":\"o6\",") + "}",
      "{\"fullUrl\":\"Observation/o7\",\"resource\":" + obs("\"id\":\"o7\",") + "}",
      "{\"fullUrl\":\"http://h/fhir/Observation/o8\"}",
      // unusual entries: these take the text parser
      "{\"fullUrl\":7,\"resource\":" + obs("\"id\":\"o9\",") + "}",
      "{\"fullUrl\":\"\",\"resource\":" + obs("\"id\":\"o10\",") + "}",
      "\"not an entry\"",
    };
    for (int n = 1; n <= entries.length; n++) {
      String bundle =
          "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
              + String.join(",", List.of(entries).subList(0, n))
              + "]}";
      JsonNode node = JSON.readTree(bundle);
      assertSameAsText(node);
      Optional<Resource> fromText = PARSER.parse(node.toString());
      Optional<Resource> fromTree = PARSER.parse(node);
      org.hl7.fhir.r4.model.Bundle a = (org.hl7.fhir.r4.model.Bundle) fromText.orElseThrow();
      org.hl7.fhir.r4.model.Bundle b = (org.hl7.fhir.r4.model.Bundle) fromTree.orElseThrow();
      for (int i = 0; i < a.getEntry().size(); i++) {
        if (a.getEntry().get(i).hasResource()) {
          assertThat(b.getEntry().get(i).getResource().getIdElement().getValue())
              .as(bundle)
              .isEqualTo(a.getEntry().get(i).getResource().getIdElement().getValue());
        }
      }
    }
  }

  private static String obs(String id) {
    return "{\"resourceType\":\"Observation\","
        + id
        + "\"status\":\"final\",\"code\":{\"text\":\"Hb\"}}";
  }

  @Test
  void whatIsNotAResourceIsEmptyBothWays() {
    for (String json :
        List.of("[1,2]", "\"text\"", "{\"resourceType\":\"NoSuchType\"}", "{\"id\":\"x\"}")) {
      JsonNode node = JSON.readTree(json);
      assertThat(PARSER.parse(node)).as(json).isEmpty();
      assertThat(PARSER.parse(node.toString())).as(json).isEmpty();
    }
  }

  private static void assertSameAsText(JsonNode node) {
    Optional<Resource> fromText = PARSER.parse(node.toString());
    Optional<Resource> fromTree = PARSER.parse(node);
    assertThat(fromTree.isPresent()).as(node.toString()).isEqualTo(fromText.isPresent());
    fromText.ifPresent(
        expected ->
            assertThat(FHIR.newJsonParser().encodeResourceToString(fromTree.get()))
                .as(node.toString())
                .isEqualTo(FHIR.newJsonParser().encodeResourceToString(expected)));
  }
}
