package org.hemacds.hooks;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.cards.RulesProperties;
import org.hemacds.fhir.FhirProperties;
import org.hemacds.fhir.FhirServerPolicy;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.fhir.ResourceTypes;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request path of {@code POST /cds-services/{id}} without HTTP, for fuzzing: the same {@link
 * RequestBodies}, {@link HookRequestParser} and {@link HookOrchestrator} the controller calls, over
 * the shipped catalogue, with no FHIR server (only prefetch). What would leave the HTTP layer as a
 * 500 (any exception but a 4xx {@link CdsException}, a response that cannot be written), a hang or
 * an OutOfMemoryError fails the call.
 */
public final class InProcessCds {

  /** Longest one input may take before it counts as a hang. */
  public static final Duration HANG = Duration.ofSeconds(10);

  private static InProcessCds instance;

  private final RequestBodies bodies;
  private final HookRequestParser parser;
  private final HookOrchestrator orchestrator;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
          });

  private InProcessCds() {
    FhirContext fhir = FhirContext.forR4Cached();
    ResourceTypes resources = new ResourceTypes(fhir);
    RulesProperties rules = new RulesProperties("file:cards/", ZoneOffset.UTC);
    LimitsProperties limits =
        new LimitsProperties(
            DataSize.ofMegabytes(5), 100, 1_000_000, 10_000, Duration.ofSeconds(10));
    FhirProperties fhirProperties =
        new FhirProperties(
            List.of("http://localhost", "https://localhost", "http://127.0.0.1"),
            Duration.ofSeconds(2),
            200,
            10,
            DataSize.ofMegabytes(20),
            Duration.ZERO);
    this.bodies = new RequestBodies(limits);
    this.parser = new HookRequestParser(new FhirServerPolicy(fhirProperties), limits);
    this.orchestrator =
        new HookOrchestrator(
            new RuleCatalog(rules, fhir),
            new PatientDataLoader(Optional.empty()),
            resources,
            rules,
            CardLog.NONE);
  }

  public static synchronized InProcessCds get() {
    if (instance == null) {
      instance = new InProcessCds();
    }
    return instance;
  }

  /** What the service answered: a status and, for 200, the response body as written. */
  public record Answer(int status, String body) {}

  /**
   * Invokes the service answering the body's {@code hook} (order-select when it names none), as the
   * controller would. Returns the status the client would see, or throws an AssertionError for
   * anything that would be a 500, a hang or an OutOfMemoryError.
   */
  public Answer invoke(byte[] body) {
    Future<Answer> future = worker.submit(() -> invokeNow(body));
    try {
      return future.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      keep(body);
      throw new AssertionError("hang: no answer within " + HANG + " for " + preview(body));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      keep(body);
      if (cause instanceof Error error) {
        throw error;
      }
      throw new AssertionError("would answer 500: " + cause + " for " + preview(body), cause);
    }
  }

  private Answer invokeNow(byte[] body) {
    try {
      JsonNode node = bodies.parse(body);
      Hook hook = Hook.fromId(node.path("hook").asString("")).orElse(Hook.ORDER_SELECT);
      CdsService service =
          CdsServiceCatalog.SERVICES.stream().filter(s -> s.hook() == hook).findFirst().get();
      CdsResponse response = orchestrator.handle(service, parser.parse(node, hook));
      response.cards().forEach(InProcessCds::checkCard);
      return new Answer(200, json.writeValueAsString(response));
    } catch (CdsException e) {
      if (e.status().is5xxServerError() || !e.status().isError()) {
        throw new AssertionError("CdsException with status " + e.status(), e);
      }
      return new Answer(e.status().value(), e.getMessage());
    }
  }

  /** The card rules of interface.md that hold whatever the input (EHR test suites check them). */
  private static void checkCard(org.hemacds.cards.model.Card card) {
    if (card.uuid() == null
        || card.summary() == null
        || card.summary().isBlank()
        || card.summary().length() >= 140
        || !java.util.Set.of("info", "warning", "critical").contains(card.indicator())
        || card.source() == null
        || card.source().label() == null
        || card.source().url() == null
        || card.detail() == null
        || card.detail().isBlank()) {
      throw new IllegalStateException("card breaks the interface: " + card);
    }
  }

  /** Keeps a failing input as a file, to be committed as a seed once the failure is fixed. */
  private static void keep(byte[] body) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of("target", "fuzz-findings");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.write(
          dir.resolve("finding-" + Integer.toHexString(java.util.Arrays.hashCode(body)) + ".json"),
          body);
    } catch (java.io.IOException e) {
      // Best effort: the assertion message still shows the start of the input.
    }
  }

  private static String preview(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "… (" + body.length + " bytes)" : text;
  }
}
