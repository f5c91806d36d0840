package org.hemacds.fhir;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads missing data from the request's FHIR server: one query per data kind, all in parallel under
 * one deadline ({@code cds.fhir.timeout}), narrowed to the codes and dates the rules read, Bundle
 * pages followed up to {@code max-pages} but never off the server's own base URL. Redirects are not
 * followed. The bearer token goes only to that server and is never logged or kept.
 */
@Component
class HttpFhirFetcher implements FhirFetcher, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(HttpFhirFetcher.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Most queries in flight at once, all requests together; beyond it a request's own thread runs
   * them.
   */
  private static final int MAX_FETCH_THREADS = 64;

  private final FhirProperties properties;
  private final FhirServerPolicy policy;
  private final HttpClient http;
  private final Cache<String, List<JsonNode>> cache;
  private final MeterRegistry meters;

  /**
   * Runs each kind's query (and its pages) with the JDK client's blocking {@code send}. Its {@code
   * sendAsync} hands every answer on through CompletableFuture's default executor, which on a
   * 2-core machine starts a new thread per task; blocking calls on threads of our own do not.
   */
  private final ExecutorService fetchers;

  HttpFhirFetcher(FhirProperties properties, FhirServerPolicy policy, MeterRegistry meters) {
    this.properties = properties;
    this.meters = meters;
    this.policy = policy;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.timeout())
            .build();
    this.cache =
        properties.cacheTtl().isZero()
            ? null
            : Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                .maximumSize(1_000)
                .build();
    CustomizableThreadFactory threads = new CustomizableThreadFactory("fhir-fetch-");
    threads.setDaemon(true);
    this.fetchers =
        new ThreadPoolExecutor(
            0,
            MAX_FETCH_THREADS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            threads,
            new ThreadPoolExecutor.CallerRunsPolicy());
  }

  @Override
  public void destroy() {
    fetchers.shutdownNow();
  }

  @Override
  public Map<DataKind, List<JsonNode>> fetch(
      FhirSource source, String patientId, Set<DataKind> kinds, DataNeeds needs, LocalDate today) {
    long deadline = System.nanoTime() + properties.timeout().toNanos();
    String base = source.baseUrl().endsWith("/") ? source.baseUrl() : source.baseUrl() + "/";
    Map<DataKind, Future<List<JsonNode>>> pending = new EnumMap<>(DataKind.class);
    for (DataKind kind : kinds) {
      String query = query(kind, patientId, needs, today);
      String key = cache == null ? null : cacheKey(base, source.accessToken(), query);
      List<JsonNode> cached = key == null ? null : cache.getIfPresent(key);
      if (cached != null) {
        pending.put(kind, CompletableFuture.completedFuture(cached));
        continue;
      }
      String token = source.accessToken();
      pending.put(
          kind,
          fetchers.submit(
              () -> {
                List<JsonNode> resources =
                    kind.isSearch()
                        ? search(base, base + query, token, deadline)
                        : read(base + query, token, deadline);
                if (key != null) {
                  cache.put(key, resources);
                }
                return resources;
              }));
    }
    Map<DataKind, List<JsonNode>> result = new EnumMap<>(DataKind.class);
    for (Map.Entry<DataKind, Future<List<JsonNode>>> entry : pending.entrySet()) {
      long remaining = deadline - System.nanoTime();
      try {
        result.put(
            entry.getKey(), entry.getValue().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        log.debug("FHIR fetch of {} timed out", entry.getKey().prefetchKey());
      } catch (ExecutionException e) {
        log.debug(
            "FHIR fetch of {} failed: {}",
            entry.getKey().prefetchKey(),
            e.getCause().getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // Interrupting a query still running makes the JDK client cancel it and close its connection.
    pending.values().forEach(f -> f.cancel(true));
    return result;
  }

  /** The relative query for a kind: narrowed by code and date where the rules allow. */
  String query(DataKind kind, String patientId, DataNeeds needs, LocalDate today) {
    String id = URLEncoder.encode(patientId, StandardCharsets.UTF_8);
    String count = "&_count=" + properties.pageSize();
    return switch (kind) {
      case PATIENT -> "Patient/" + id;
      case OBSERVATIONS -> {
        StringBuilder q = new StringBuilder("Observation?patient=" + id);
        if (!needs.observationCodes().isEmpty()) {
          q.append("&code=")
              .append(
                  URLEncoder.encode(
                      String.join(",", new TreeSet<>(needs.observationCodes())),
                      StandardCharsets.UTF_8));
        }
        if (needs.observationLookbackDays() > 0) {
          q.append("&date=ge").append(today.minusDays(needs.observationLookbackDays() + 1L));
        }
        yield q.append("&_sort=-date").append(count).toString();
      }
      case MEDICATION_REQUESTS ->
          "MedicationRequest?patient=" + id + "&_include=MedicationRequest:medication" + count;
      case MEDICATION_STATEMENTS ->
          "MedicationStatement?patient=" + id + "&_include=MedicationStatement:medication" + count;
      case MEDICATION_ADMINISTRATIONS ->
          "MedicationAdministration?patient="
              + id
              + "&_include=MedicationAdministration:medication"
              + count;
      case RESEARCH_SUBJECTS -> "ResearchSubject?individual=" + id + count;
      default -> kind.baseQuery().replace("{{context.patientId}}", id) + count;
    };
  }

  private List<JsonNode> read(String url, String token, long deadline) {
    JsonNode patient = json(get(url, token, deadline));
    if (!FhirJson.is(patient, "Patient")) {
      throw new IllegalStateException("not a Patient");
    }
    return List.of(patient);
  }

  /** Every page of a search, following {@code next} links that stay on the server. */
  private List<JsonNode> search(String base, String url, String token, long deadline) {
    List<JsonNode> collected = new ArrayList<>();
    long matches = 0;
    for (int page = 1; ; page++) {
      JsonNode bundle = json(get(url, token, deadline));
      List<JsonNode> entries = FhirJson.entries(bundle);
      if (entries == null) {
        throw new IllegalStateException("not a Bundle");
      }
      collected.addAll(entries);
      matches += FhirJson.matches(bundle);
      String nextUrl = FhirJson.nextUrl(bundle);
      if (nextUrl == null) {
        if (FhirJson.fewerThanTotal(bundle, matches)) {
          throw new IllegalStateException(
              "fewer entries than the Bundle's total, and no next link");
        }
        return collected;
      }
      if (page >= properties.maxPages() || !onServer(nextUrl, base) || !policy.isAllowed(nextUrl)) {
        throw new IllegalStateException(
            "paging stopped: too many pages or a next link off the server");
      }
      url = nextUrl;
    }
  }

  /**
   * True if the URL is on the server's own base ({@code base} ends with a slash): below it, or the
   * base itself with a query, as HAPI FHIR servers write their paging links ({@code
   * <base>?_getpages=...}).
   */
  static boolean onServer(String url, String base) {
    return url.startsWith(base) || url.startsWith(base.substring(0, base.length() - 1) + "?");
  }

  /** The response as JSON; a body that is not JSON fails this kind's fetch. */
  private static JsonNode json(byte[] body) {
    return JSON.readTree(body);
  }

  private byte[] get(String url, String token, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new IllegalStateException("deadline passed");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofNanos(remaining))
            .header("Accept", "application/fhir+json, application/json")
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    long maxBytes = properties.maxResponseSize().toBytes();
    Timer.Sample sample = Timer.start(meters);
    int status = -1;
    Throwable error = null;
    try {
      HttpResponse<byte[]> response = http.send(request.build(), LimitedBody.handler(maxBytes));
      status = response.statusCode();
      if (status != 200) {
        throw new IllegalStateException("HTTP " + status);
      }
      return response.body();
    } catch (IOException e) {
      error = e;
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      error = e;
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      sample.stop(
          Timer.builder("cds.fhir.fallback.requests")
              .description("HTTP calls to a request's FHIR server, by outcome")
              .tag("outcome", outcome(status, error))
              .publishPercentileHistogram()
              .register(meters));
    }
  }

  /** A bounded tag value: the HTTP status, {@code timeout} or {@code error}. */
  private static String outcome(int status, Throwable error) {
    if (error == null) {
      return String.valueOf(status);
    }
    Throwable cause = error.getCause() == null ? error : error.getCause();
    return cause instanceof HttpTimeoutException || cause instanceof TimeoutException
        ? "timeout"
        : "error";
  }

  /** Responses are cached per server, token and query; the token itself is never stored. */
  private static String cacheKey(String base, String token, String query) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((token == null ? "" : token).getBytes(StandardCharsets.UTF_8));
      return base + "\u0000" + HexFormat.of().formatHex(digest.digest()) + "\u0000" + query;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
