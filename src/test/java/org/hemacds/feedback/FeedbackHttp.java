package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A small HTTP client for the feedback tests: real HTTP to a service on a given base URL. */
final class FeedbackHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ORDER_SELECT = "hematology-order-select";
  static final Path R01_REQUEST =
      Path.of("fhir-samples", "order-select-aplastic-anemia-arsenic-trioxide.json");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Supplier<String> base;

  FeedbackHttp(Supplier<String> base) {
    this.base = base;
  }

  static FeedbackHttp onPort(int port) {
    return new FeedbackHttp(() -> "http://localhost:" + port);
  }

  record Reply(int status, String body, HttpResponse<String> response) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** The diagnostics of an OperationOutcome body. */
    String diagnostics() {
      JsonNode outcome = json();
      assertThat(outcome.path("resourceType").asString()).isEqualTo("OperationOutcome");
      return outcome.path("issue").get(0).path("diagnostics").asString();
    }

    String issueCode() {
      return json().path("issue").get(0).path("code").asString();
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(Duration.ofSeconds(60));
  }

  Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  Reply feedback(String serviceId, String json) {
    return post("/cds-services/" + serviceId + "/feedback", json);
  }

  Reply feedback(String json) {
    return feedback(ORDER_SELECT, json);
  }

  /** Invokes order-select with the R01 sample; returns the uuids of the cards it answered. */
  List<JsonNode> invokeR01() {
    Reply reply;
    try {
      reply = post("/cds-services/" + ORDER_SELECT, Files.readString(R01_REQUEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<JsonNode> cards = new ArrayList<>();
    // The sample also fires R04 (no ECG in 30 days); the feedback tests work on the R01 card.
    reply
        .json()
        .path("cards")
        .forEach(
            c -> {
              if (c.path("detail").asString().contains("Rule R01 v1 ")) {
                cards.add(c);
              }
            });
    assertThat(cards).as("the R01 sample answers the R01 card").hasSize(1);
    return cards;
  }

  /** GET /analytics/rules with an optional query string ("" for none). */
  JsonNode analytics(String query) {
    Reply reply = get("/analytics/rules" + query);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /** The entry of one rule version in an analytics answer, or null. */
  static JsonNode rule(JsonNode analytics, String ruleId, int version) {
    for (JsonNode rule : analytics.path("rules")) {
      if (rule.path("ruleId").asString().equals(ruleId)
          && rule.path("ruleVersion").asInt() == version) {
        return rule;
      }
    }
    return null;
  }

  // ---- feedback bodies ---------------------------------------------------------------------

  static ObjectNode body(ObjectNode... items) {
    ObjectNode body = JSON.createObjectNode();
    for (ObjectNode item : items) {
      body.withArray("feedback").add(item);
    }
    return body;
  }

  static ObjectNode accepted(String card, String suggestion) {
    ObjectNode item = JSON.createObjectNode();
    item.put("card", card);
    item.put("outcome", "accepted");
    item.putArray("acceptedSuggestions").addObject().put("id", suggestion);
    item.put("outcomeTimestamp", "2026-11-02T10:05:31Z");
    return item;
  }

  static ObjectNode overridden(String card) {
    ObjectNode item = JSON.createObjectNode();
    item.put("card", card);
    item.put("outcome", "overridden");
    item.put("outcomeTimestamp", "2026-11-02T10:05:31Z");
    return item;
  }

  static ObjectNode overridden(String card, String system, String code, String comment) {
    ObjectNode item = overridden(card);
    ObjectNode reason = item.putObject("overrideReason");
    if (code != null) {
      ObjectNode coding = reason.putObject("reason");
      coding.put("code", code);
      if (system != null) {
        coding.put("system", system);
      }
    }
    if (comment != null) {
      reason.put("userComment", comment);
    }
    return item;
  }

  /** True as soon as the condition holds, false if it still does not after 60 s. */
  static boolean eventually(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }
}
