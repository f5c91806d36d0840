package org.hemacds.hooks;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hemacds.fuzz.Choices;
import org.hemacds.fuzz.JsonMutator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of the request path ({@link InProcessCds}: body limits, envelope
 * validation, lenient FHIR parsing of prefetch and draft orders, the engine, card rendering). Any
 * input that would answer 500, hang or run out of memory is a finding.
 *
 * <p>In {@code verify} Jazzer runs each committed input under {@code
 * src/test/resources/org/hemacds/hooks/HookRequestFuzzTestInputs/<method>/} once (regression mode).
 * The {@code request} seeds are whole requests, one per rule case of {@code cards/*.tests.yaml}
 * (chart as prefetch, drafts as draft orders), so fuzzing starts from requests that fire every
 * rule. {@code ./mvnw -Pfuzz verify} fuzzes for real; see README "Robustness".
 */
class HookRequestFuzzTest {

  static final Path SEEDS =
      Path.of("src/test/resources/org/hemacds/hooks/HookRequestFuzzTestInputs/request");

  private static List<JsonNode> seedRequests;

  /** Raw bytes as the HTTP body: every byte of JSON syntax, limits and envelope is in play. */
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({
    "\"hook\"",
    "\"hookInstance\"",
    "\"context\"",
    "\"prefetch\"",
    "\"draftOrders\"",
    "\"selections\"",
    "\"patientId\"",
    "\"userId\"",
    "\"fhirServer\"",
    "\"fhirAuthorization\"",
    "\"resourceType\"",
    "\"Bundle\"",
    "\"entry\"",
    "\"resource\"",
    "\"valueQuantity\"",
    "\"effectiveDateTime\"",
    "\"comparator\"",
    "1e999",
    "\"order-select\"",
    "\"order-sign\"",
    "\"patient-view\""
  })
  void request(byte[] body) {
    InProcessCds.get().invoke(body);
  }

  /**
   * A seed request mutated as a tree ({@link JsonMutator}): stays well-formed JSON, so the fuzzer
   * spends its time inside FHIR parsing and the rules instead of at the first syntax error.
   */
  @FuzzTest(maxDuration = "5m")
  void mutatedRequest(FuzzedDataProvider data) {
    Choices choices = Choices.of(data);
    List<JsonNode> seeds = seedRequests();
    JsonNode seed = seeds.get(choices.pick(seeds.size()));
    InProcessCds.get().invoke(JsonMutator.bytes(new JsonMutator(choices).mutate(seed)));
  }

  /** Every committed request seed, the fhir-samples and the spec examples, parsed once. */
  static synchronized List<JsonNode> seedRequests() {
    if (seedRequests == null) {
      JsonMapper json = JsonMapper.builder().build();
      List<JsonNode> seeds = new ArrayList<>();
      for (Path dir :
          List.of(SEEDS, Path.of("fhir-samples"), Path.of("src/test/resources/examples"))) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
            seeds.add(json.readTree(Files.readAllBytes(file)));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      seedRequests = List.copyOf(seeds);
    }
    return seedRequests;
  }
}
