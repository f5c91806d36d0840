package org.hemacds.security;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a JWK set from an {@code http(s)} URL or a {@code file:} path, within the configured
 * timeouts and a size bound. Redirects are followed only to the same host and never from https to
 * http. Only public keys are kept.
 */
final class JwksLoader {

  static final int MAX_BYTES = 512 * 1024;
  private static final int MAX_REDIRECTS = 3;

  private final HttpClient http;
  private final Duration readTimeout;
  private final Duration deadline;

  JwksLoader(SecurityProperties.Jwks settings) {
    this.readTimeout = settings.readTimeout();
    this.deadline = settings.connectTimeout().plus(settings.readTimeout());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(ProxySelector.getDefault())
            .build();
  }

  JWKSet load(String location) throws IOException, ParseException {
    String json =
        location.regionMatches(true, 0, "file:", 0, 5)
            ? readFile(location)
            : readHttp(URI.create(location));
    return JWKSet.parse(json).toPublicJWKSet();
  }

  private static String readFile(String location) throws IOException {
    Path path;
    try {
      path =
          location.startsWith("file://")
              ? Path.of(URI.create(location))
              : Path.of(location.substring("file:".length()));
    } catch (IllegalArgumentException e) {
      throw new IOException("not a local file path");
    }
    if (Files.size(path) > MAX_BYTES) {
      throw new IOException("JWKS file larger than " + MAX_BYTES + " bytes");
    }
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private String readHttp(URI origin) throws IOException {
    URI current = origin;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest request =
          HttpRequest.newBuilder(current)
              .timeout(readTimeout)
              .header("Accept", "application/jwk-set+json, application/json")
              .GET()
              .build();
      HttpResponse<byte[]> response = send(request);
      int status = response.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        String location =
            response
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new IOException("redirect without Location"));
        URI next = current.resolve(location);
        if (!sameHostNoDowngrade(origin, next)) {
          throw new IOException("redirect to another host or to plain http refused");
        }
        current = next;
        continue;
      }
      if (status != 200) {
        throw new IOException("HTTP status " + status);
      }
      if (response.body().length > MAX_BYTES) {
        throw new IOException("JWKS larger than " + MAX_BYTES + " bytes");
      }
      return new String(response.body(), StandardCharsets.UTF_8);
    }
    throw new IOException("too many redirects");
  }

  /** Bounds the whole exchange, body included; {@code HttpRequest.timeout} stops at the headers. */
  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? "failed" : cause.getClass().getSimpleName());
    }
  }

  private static boolean sameHostNoDowngrade(URI origin, URI next) {
    String fromScheme = lower(origin.getScheme());
    String toScheme = lower(next.getScheme());
    boolean schemeOk =
        toScheme.equals(fromScheme) || (fromScheme.equals("http") && toScheme.equals("https"));
    return schemeOk
        && next.getHost() != null
        && next.getRawUserInfo() == null
        && next.getHost().equalsIgnoreCase(origin.getHost());
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
