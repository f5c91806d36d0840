package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hemacds.fuzz.Choices;
import org.hemacds.fuzz.JsonMutator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Soak ({@code ./mvnw -Psoak test}, not part of {@code verify}): {@code soak.requests} (100 000)
 * mixed requests over HTTP from 4 clients — valid requests that fire cards, mutated and malformed
 * ones, unknown services, wrong media types, large bodies near the limit and bodies over it. Fails
 * on any 5xx or broken connection, and if latency or heap after GC drifts between the first and the
 * last 10% of the run. With {@code -Dsoak.url=http://127.0.0.1:8080} it targets a running service
 * (started with {@code --cds.security.enabled=false}); heap is then not measured.
 */
@Tag("soak")
class SoakTest extends HttpTestBase {

  static final int CLIENTS = 4;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One prepared request: path, content type, body. */
  record Call(String kind, String path, String contentType, byte[] body) {}

  @Test
  void memoryAndLatencyDoNotDrift() throws Exception {
    int total = Integer.getInteger("soak.requests", 100_000);
    String external = System.getProperty("soak.url", "");
    String base = external.isBlank() ? "http://127.0.0.1:" + port : external;
    List<Call> calls = prepare(new Random(20261128L));
    long[] latencyNanos = new long[total];
    int[] kinds = new int[total];
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger broken = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    List<long[]> heap = new ArrayList<>(); // {request index, bytes used after GC}
    boolean measureHeap = external.isBlank();
    AtomicLong lastHeapSample = new AtomicLong(-1);

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      int seed = c;
      clients.submit(
          () -> {
            Random random = new Random(seed);
            int i;
            while ((i = next.getAndIncrement()) < total) {
              int pick = random.nextInt(calls.size());
              Call call = calls.get(pick);
              kinds[i] = pick;
              long start = System.nanoTime();
              try {
                HttpResponse<byte[]> response =
                    http.send(
                        HttpRequest.newBuilder(URI.create(base + call.path()))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", call.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()))
                            .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                statuses
                    .computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                    .incrementAndGet();
              } catch (IOException e) {
                broken.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              latencyNanos[i] = System.nanoTime() - start;
            }
          });
    }
    clients.shutdown();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    while (!clients.awaitTermination(2, TimeUnit.SECONDS)) {
      int done = Math.min(next.get(), total);
      if (measureHeap && done / (total / 50) != lastHeapSample.get()) {
        lastHeapSample.set(done / (total / 50));
        System.gc();
        heap.add(new long[] {done, memory.getHeapMemoryUsage().getUsed()});
      }
      System.out.printf("soak: %d/%d requests, statuses %s%n", done, total, statuses);
    }

    assertThat(broken.get()).as("broken connections").isZero();
    statuses.keySet().forEach(s -> assertThat(s).as("statuses %s", statuses).isLessThan(500));

    int window = total / 10;
    long[] first = Arrays.copyOfRange(latencyNanos, 0, window);
    long[] last = Arrays.copyOfRange(latencyNanos, total - window, total);
    double firstP50 = percentile(first, 50);
    double lastP50 = percentile(last, 50);
    double firstP90 = percentile(first, 90);
    double lastP90 = percentile(last, 90);
    System.out.printf(
        "soak latency ms: first 10%% p50 %.2f p90 %.2f; last 10%% p50 %.2f p90 %.2f%n",
        firstP50 / 1e6, firstP90 / 1e6, lastP50 / 1e6, lastP90 / 1e6);
    // The first window includes JIT warm-up; the last may not be much slower than it.
    assertThat(lastP50).as("p50 drift").isLessThan(firstP50 * 1.5 + 2e6);
    assertThat(lastP90).as("p90 drift").isLessThan(firstP90 * 1.5 + 5e6);

    if (measureHeap && heap.size() >= 10) {
      long firstHeap = median(heap.subList(0, Math.max(1, heap.size() / 10) + 1));
      long lastHeap = median(heap.subList(heap.size() - heap.size() / 10 - 1, heap.size()));
      System.out.printf(
          "soak heap after GC MB: first 10%% %d, last 10%% %d%n", firstHeap >> 20, lastHeap >> 20);
      assertThat(lastHeap)
          .as("heap after GC drift")
          .isLessThan(firstHeap + firstHeap / 4 + (32L << 20));
    }
  }

  private static long median(List<long[]> samples) {
    long[] used = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
    return used[used.length / 2];
  }

  private static double percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
  }

  /** The mix: about 60% valid, 35% invalid in some way, 5% large or over the size limit. */
  private static List<Call> prepare(Random random) {
    List<Call> calls = new ArrayList<>();
    List<JsonNode> seeds = HookRequestFuzzTest.seedRequests();
    JsonMutator mutator = new JsonMutator(Choices.of(random));
    for (int i = 0; i < 60; i++) {
      JsonNode seed = seeds.get(i % seeds.size());
      calls.add(json("valid", seed));
    }
    for (int i = 0; i < 25; i++) {
      calls.add(json("mutated", mutator.mutate(seeds.get(random.nextInt(seeds.size())))));
    }
    byte[] someBody = JsonMutator.bytes(seeds.get(0));
    calls.add(
        new Call(
            "truncated",
            path(seeds.get(0)),
            "application/json",
            Arrays.copyOf(someBody, someBody.length / 2)));
    calls.add(
        new Call("not-json", path(seeds.get(0)), "application/json", "{\"hook\":".getBytes()));
    calls.add(new Call("media-type", path(seeds.get(0)), "text/plain", someBody));
    calls.add(new Call("unknown-service", "/cds-services/nope", "application/json", someBody));
    calls.add(new Call("empty", path(seeds.get(0)), "application/json", new byte[0]));
    calls.add(
        new Call(
            "deep",
            path(seeds.get(0)),
            "application/json",
            ("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}").getBytes()));
    for (int i = 0; i < 3; i++) {
      calls.add(json("large", large(seeds.get(i), 3_000)));
    }
    byte[] over = new byte[6 * 1024 * 1024];
    Arrays.fill(over, (byte) ' ');
    over[0] = '{';
    over[over.length - 1] = '}';
    calls.add(new Call("over-limit", path(seeds.get(0)), "application/json", over));
    return calls;
  }

  /** The seed with {@code count} extra observations in its prefetch (about 1 MB). */
  private static JsonNode large(JsonNode seed, int count) {
    ObjectNode copy = (ObjectNode) seed.deepCopy();
    ObjectNode prefetch =
        copy.has("prefetch") ? (ObjectNode) copy.get("prefetch") : copy.putObject("prefetch");
    ObjectNode bundle = prefetch.putObject("observations");
    bundle.put("resourceType", "Bundle").put("type", "searchset");
    ArrayNode entries = bundle.putArray("entry");
    String patient = copy.path("context").path("patientId").asString("p1");
    for (int i = 0; i < count; i++) {
      ObjectNode o = entries.addObject().putObject("resource");
      o.put("resourceType", "Observation").put("id", "o" + i).put("status", "final");
      o.putObject("subject").put("reference", "Patient/" + patient);
      o.putObject("code")
          .putArray("coding")
          .addObject()
          .put("system", "http://loinc.org")
          .put("code", "718-7");
      o.put("effectiveDateTime", "2026-0" + (1 + i % 9) + "-1" + (i % 9));
      o.putObject("valueQuantity")
          .put("value", 8 + (i % 50) / 10.0)
          .put("unit", "g/dL")
          .put("system", "http://unitsofmeasure.org")
          .put("code", "g/dL");
      o.put("note", "x".repeat(150));
    }
    return copy;
  }

  private static Call json(String kind, JsonNode body) {
    return new Call(kind, path(body), "application/json", JsonMutator.bytes(body));
  }

  private static String path(JsonNode body) {
    String hook = body.path("hook").asString("order-select");
    return "/cds-services/"
        + switch (hook) {
          case "order-sign" -> "hematology-order-sign";
          case "patient-view" -> "hematology-patient-view";
          default -> "hematology-order-select";
        };
  }
}
