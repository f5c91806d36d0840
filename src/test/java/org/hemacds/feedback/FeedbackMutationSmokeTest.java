package org.hemacds.feedback;

import java.util.List;
import java.util.Random;
import org.hemacds.fuzz.Choices;
import org.hemacds.fuzz.JsonMutator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The fixed-seed run of {@link FeedbackFuzzTest#mutatedBody} for {@code verify}. */
class FeedbackMutationSmokeTest {

  @Test
  void mutatedFeedbackBodiesAreAcceptedOrRefusedWith4xx() {
    Random random = new Random(20261128L);
    JsonMutator mutator = new JsonMutator(Choices.of(random));
    List<JsonNode> seeds = FeedbackFuzzTest.seeds();
    for (int i = 0; i < 5_000; i++) {
      FeedbackFuzzTest.parse(
          JsonMutator.bytes(mutator.mutate(seeds.get(random.nextInt(seeds.size())))));
    }
  }
}
