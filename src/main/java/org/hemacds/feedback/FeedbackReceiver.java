package org.hemacds.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Validates a feedback body, stores it, and counts what happened. */
final class FeedbackReceiver {

  private static final Logger log = LoggerFactory.getLogger(FeedbackReceiver.class);

  private final FeedbackParser parser = new FeedbackParser();
  private final FeedbackStore store;
  private final MeterRegistry meters;
  private final FeedbackDatabase database;

  FeedbackReceiver(FeedbackStore store, MeterRegistry meters, FeedbackDatabase database) {
    this.store = store;
    this.meters = meters;
    this.database = database;
  }

  FeedbackStore.Result receive(String serviceId, JsonNode body) {
    List<FeedbackItem> items = parser.parse(body);
    database.requireReady();
    FeedbackStore.Result result = store.store(serviceId, items);
    count("stored", result.stored());
    count("duplicate", result.duplicates());
    count("unknown-card", result.unknownCards());
    log.debug(
        "Feedback for {}: {} item(s), {} stored, {} repeated, {} on cards not in the card log",
        serviceId,
        items.size(),
        result.stored(),
        result.duplicates(),
        result.unknownCards());
    return result;
  }

  private void count(String result, int n) {
    if (n > 0) {
      Counter.builder("cds.feedback.items")
          .description("Feedback items received: stored, duplicate (stored before), unknown-card")
          .tag("result", result)
          .register(meters)
          .increment(n);
    }
  }
}
