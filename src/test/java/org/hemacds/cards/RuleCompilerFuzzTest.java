package org.hemacds.cards;

import ca.uhn.fhir.context.FhirContext;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DataNeeds;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.DraftOrders;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.fhir.ResourceTypes;
import org.hemacds.fuzz.Choices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the rule compiler: a fuzzed rule file added to the shipped catalogue, or a catalogue file
 * (a rule, units.yaml, predicates.yaml, override-reasons.yaml, a value set) mutated line by line.
 * The compiler may succeed or throw {@link RuleCompilationException}; anything else (or a hang)
 * would stop startup with a stack trace instead of file:line errors. A catalogue that compiles must
 * also run: every rule is evaluated and rendered on a few seed charts, since a rule that compiles
 * must never fail at request time (design.md principle 1).
 */
class RuleCompilerFuzzTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  private static Map<String, String> catalogue;
  private static List<String> mutable;
  private static List<Sample> samples;

  /** A chart and draft orders to run a compiled catalogue on. */
  record Sample(String hook, PatientData data, List<DraftOrder> drafts) {}

  static synchronized Map<String, String> catalogue() {
    if (catalogue == null) {
      catalogue = Map.copyOf(RuleCatalog.read("file:cards/"));
      mutable =
          catalogue.keySet().stream()
              .filter(f -> !f.endsWith(RuleCompiler.TESTS_SUFFIX))
              .sorted()
              .toList();
    }
    return catalogue;
  }

  /** Compiles; a compiled catalogue is then run on every sample. */
  static void compileAndRun(Map<String, String> files) {
    RuleSet rules;
    try {
      rules = RuleCompiler.compile(FHIR, files);
    } catch (RuleCompilationException e) {
      return; // the expected refusal, with file:line errors
    }
    RuleEngine engine = new RuleEngine(rules);
    CardRenderer renderer = new CardRenderer(FHIR);
    for (Sample sample : samples()) {
      LocalDate today = LocalDate.of(2026, 11, 28);
      RuleEngine.Result result =
          engine.evaluate(sample.hook(), Chart.of(sample.data(), sample.drafts(), today), false);
      result.decisions().forEach(renderer::render);
    }
  }

  /** Any text as a new rule file. */
  @FuzzTest(maxDuration = "5m")
  void newRuleFile(byte[] yaml) {
    Map<String, String> files = new HashMap<>(catalogue());
    files.put("R99-fuzz.yaml", new String(yaml, StandardCharsets.UTF_8));
    compileAndRun(files);
  }

  /** One catalogue file mutated line by line ({@link RuleFileMutator}). */
  @FuzzTest(maxDuration = "5m")
  void mutatedCatalogueFile(FuzzedDataProvider data) {
    compileAndRun(mutatedCatalogue(Choices.of(data)));
  }

  static Map<String, String> mutatedCatalogue(Choices choices) {
    Map<String, String> files = new TreeMap<>(catalogue());
    String file = mutable.get(choices.pick(mutable.size()));
    files.put(file, new RuleFileMutator(choices).mutate(files.get(file)));
    return files;
  }

  /** The first request seeds of the request fuzzer, as charts: enough to fire most kinds. */
  static synchronized List<Sample> samples() {
    if (samples == null) {
      ResourceTypes types = new ResourceTypes(FHIR);
      PatientDataLoader loader = new PatientDataLoader(Optional.empty());
      JsonMapper json = JsonMapper.builder().build();
      List<Sample> result = new ArrayList<>();
      Path dir = Path.of("src/test/resources/org/hemacds/hooks/HookRequestFuzzTestInputs/request");
      try (Stream<Path> paths = Files.list(dir)) {
        for (Path path :
            paths
                .filter(p -> p.getFileName().toString().matches("R\\d+-case1-.*"))
                .sorted()
                .toList()) {
          JsonNode request = json.readTree(Files.readAllBytes(path));
          String hook = request.path("hook").asString();
          String patientId = request.path("context").path("patientId").asString();
          Map<String, JsonNode> prefetch = new HashMap<>();
          request
              .path("prefetch")
              .properties()
              .forEach(e -> prefetch.put(e.getKey(), e.getValue()));
          PatientData data =
              loader.load(
                  patientId,
                  prefetch,
                  null,
                  new DataNeeds(Set.of(DataKind.values()), Set.of(), 0),
                  LocalDate.of(2026, 11, 28));
          JsonNode drafts = request.path("context").path("draftOrders");
          List<DraftOrder> orders =
              DraftOrders.read(drafts.isMissingNode() ? null : drafts, Set.of(), true, types);
          result.add(new Sample(hook, data, orders));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      samples = List.copyOf(result);
    }
    return samples;
  }
}
