package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hemacds.fuzz.Choices;
import org.hemacds.fuzz.JsonMutator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The fixed-seed fuzz run of {@code verify}: the structure-aware mutations of {@link
 * HookRequestFuzzTest#mutatedRequest} driven by a seeded {@link Random} instead of Jazzer, a few
 * thousand requests in seconds. Same failure rule: no 500, no hang, no OutOfMemoryError.
 */
class RequestMutationSmokeTest {

  static final long SEED = 20261128L;
  static final int REQUESTS = 3_000;

  @Test
  void mutatedRequestsNeverFailTheService() {
    InProcessCds service = InProcessCds.get();
    List<JsonNode> seeds = HookRequestFuzzTest.seedRequests();
    Random random = new Random(SEED);
    JsonMutator mutator = new JsonMutator(Choices.of(random));
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      JsonNode seed = seeds.get(random.nextInt(seeds.size()));
      InProcessCds.Answer answer = service.invoke(JsonMutator.bytes(mutator.mutate(seed)));
      statuses.merge(answer.status(), 1, Integer::sum);
    }
    // The mutations must leave enough requests valid to exercise the engine, not only the envelope.
    assertThat(statuses.getOrDefault(200, 0))
        .as("statuses %s", statuses)
        .isGreaterThan(REQUESTS / 4);
  }

  @Test
  void everySeedRequestIsAnswered() {
    InProcessCds service = InProcessCds.get();
    int withCards = 0;
    for (JsonNode seed : HookRequestFuzzTest.seedRequests()) {
      InProcessCds.Answer answer = service.invoke(JsonMutator.bytes(seed));
      if (answer.status() == 200 && !answer.body().contains("\"cards\":[]")) {
        withCards++;
      }
    }
    // Most seeds are rule cases that fire: the fuzzers start from requests that reach the cards.
    assertThat(withCards).isGreaterThan(HookRequestFuzzTest.seedRequests().size() / 3);
  }
}
