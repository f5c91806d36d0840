package org.hemacds.feedback;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hemacds.fuzz.Choices;
import org.hemacds.fuzz.JsonMutator;
import org.hemacds.hooks.CdsException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes feedback bodies through {@link FeedbackParser} (in process; the store is not involved):
 * JSON that the body reader refuses, a 4xx {@link CdsException}, or a list of items are the only
 * allowed outcomes; anything else would be a 500 from {@code POST .../feedback}.
 */
class FeedbackFuzzTest {

  static final Path SEEDS =
      Path.of("src/test/resources/org/hemacds/feedback/FeedbackFuzzTestInputs/body");

  /** The body reader's limits (cds.limits defaults), as RequestBodies applies them. */
  static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(100)
                          .maxStringLength(1_000_000)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  private static List<JsonNode> seeds;

  static void parse(byte[] body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JacksonException e) {
      return; // RequestBodies answers 400
    }
    try {
      new FeedbackParser().parse(node);
    } catch (CdsException e) {
      if (!e.status().is4xxClientError()) {
        throw new AssertionError("CdsException with status " + e.status(), e);
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void body(byte[] body) {
    parse(body);
  }

  @FuzzTest(maxDuration = "5m")
  void mutatedBody(FuzzedDataProvider data) {
    Choices choices = Choices.of(data);
    List<JsonNode> all = seeds();
    parse(JsonMutator.bytes(new JsonMutator(choices).mutate(all.get(choices.pick(all.size())))));
  }

  static synchronized List<JsonNode> seeds() {
    if (seeds == null) {
      try (Stream<Path> files = Files.list(SEEDS)) {
        seeds =
            files
                .filter(f -> f.toString().endsWith(".json"))
                .sorted()
                .map(FeedbackFuzzTest::read)
                .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return seeds;
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
