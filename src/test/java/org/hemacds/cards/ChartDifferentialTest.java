package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.DraftOrders;
import org.hemacds.fhir.FhirJson;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.fhir.ResourceTypes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart read from JSON gives the same facts as session 2's reading through HAPI objects ({@link
 * HapiChartOracle}) on every request of {@code fhir-samples/} and every rule-case seed request of
 * the request fuzzer: conditions, observations (value, unit, dates, reference range), medications
 * (references resolved), procedures (units), service requests, studies, drafts, age and gender.
 * Deliberate differences (a value of the wrong JSON type is absent) concern invalid FHIR, which
 * these requests are not.
 */
class ChartDifferentialTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final ResourceTypes TYPES = new ResourceTypes(FHIR);
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  static Stream<Path> requests() throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> samples = Files.list(Path.of("fhir-samples"));
        Stream<Path> seeds =
            Files.list(
                Path.of(
                    "src/test/resources/org/hemacds/hooks/HookRequestFuzzTestInputs/request"))) {
      samples.filter(p -> p.toString().endsWith(".json")).sorted().forEach(paths::add);
      // The rule cases' seeds; the fuzzer's other seeds are invalid FHIR on purpose.
      seeds
          .filter(p -> p.getFileName().toString().matches("R\\d+-case\\d+-.*\\.json"))
          .sorted()
          .forEach(paths::add);
    }
    return paths.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void jsonAndHapiReadTheSameChart(Path path) throws IOException {
    JsonNode request = JSON.readTree(Files.readAllBytes(path));
    String patientId = request.path("context").path("patientId").asString();
    boolean all = request.path("hook").asString().equals("order-sign");
    Set<String> selections = new HashSet<>();
    request.path("context").path("selections").forEach(s -> selections.add(s.asString()));
    JsonNode draftBundle = request.path("context").path("draftOrders");

    Map<DataKind, List<JsonNode>> json = new EnumMap<>(DataKind.class);
    List<Resource> hapi = new ArrayList<>();
    for (DataKind kind : DataKind.values()) {
      JsonNode value = request.path("prefetch").get(kind.prefetchKey());
      if (value == null || value.isNull()) {
        continue;
      }
      json.put(kind, kind.isSearch() ? FhirJson.entries(value) : List.of(value));
      Resource parsed = (Resource) parser().parseResource(value.toString());
      if (parsed instanceof Bundle bundle) {
        bundle.getEntry().stream()
            .filter(e -> e.hasResource())
            .forEach(e -> hapi.add(e.getResource()));
      } else {
        hapi.add(parsed);
      }
    }
    List<DraftOrder> drafts =
        DraftOrders.read(draftBundle.isMissingNode() ? null : draftBundle, selections, all, TYPES);
    List<HapiChartOracle.OldDraft> oldDrafts = new ArrayList<>();
    for (DraftOrder draft : drafts) {
      oldDrafts.add(
          new HapiChartOracle.OldDraft(
              draft.reference(),
              (Resource) parser().parseResource(draft.resource().toString()),
              draft.selected()));
    }

    Chart chart = Chart.of(PatientDataLoader.assemble(patientId, json, Set.of()), drafts, TODAY);
    HapiChartOracle oracle =
        new HapiChartOracle(HapiChartOracle.assemble(patientId, hapi, true), oldDrafts, TODAY);

    oracle.assertSameFacts(chart);
    assertThat(chart.observations().size() + chart.conditions().size() + chart.drafts().size())
        .as("the request has a chart to compare")
        .isPositive();
  }

  /** As session 2's ResourceParser: lenient. */
  private static IParser parser() {
    LenientErrorHandler lenient = new LenientErrorHandler(false);
    lenient.setErrorOnInvalidValue(false);
    return FHIR.newJsonParser().setParserErrorHandler(lenient);
  }
}
