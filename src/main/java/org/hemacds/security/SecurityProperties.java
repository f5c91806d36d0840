package org.hemacds.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cds.security.*}: who may call the CDS services. Checked when the application starts: a
 * misconfigured issuer stops startup with a message naming the property.
 *
 * @param enabled require a CDS Hooks JWT on service and feedback calls ({@code false} trusts every
 *     caller: local development only)
 * @param issuers the trusted EHR issuers
 * @param clockSkew leeway for {@code exp}, {@code iat} and {@code nbf}
 * @param replayStore where seen {@code jti}s are kept: {@code memory} (one instance) or {@code
 *     database} (shared by replicas; not available yet)
 * @param replayCacheMaxEntries bound of the in-memory replay cache
 * @param jwks how issuers' key sets are fetched and cached
 */
@ConfigurationProperties("cds.security")
public record SecurityProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue List<Issuer> issuers,
    @DefaultValue("60s") Duration clockSkew,
    @DefaultValue("memory") ReplayStore replayStore,
    @DefaultValue("100000") long replayCacheMaxEntries,
    @DefaultValue Jwks jwks) {

  public SecurityProperties {
    issuers = issuers == null ? List.of() : List.copyOf(issuers);
    if (clockSkew == null
        || clockSkew.isNegative()
        || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "cds.security.clock-skew must be between 0s and 5m (was " + clockSkew + ").");
    }
    if (replayCacheMaxEntries < 1) {
      throw new IllegalArgumentException("cds.security.replay-cache-max-entries must be positive.");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < issuers.size(); i++) {
      Issuer issuer = issuers.get(i);
      if (issuer == null) {
        throw new IllegalArgumentException("cds.security.issuers[" + i + "] is empty.");
      }
      if (!seen.add(issuer.iss())) {
        throw new IllegalArgumentException(
            "cds.security.issuers[" + i + "].iss '" + issuer.iss() + "' is listed twice.");
      }
    }
  }

  /**
   * One trusted EHR.
   *
   * @param iss the exact {@code iss} claim its tokens carry
   * @param jwksUri where its public keys are read: an {@code http(s)} URL or a {@code file:} path
   * @param jku the only {@code jku} header its tokens may carry (never fetched); defaults to {@code
   *     jwksUri}
   */
  public record Issuer(String iss, String jwksUri, String jku) {

    public Issuer {
      if (iss == null || iss.isBlank()) {
        throw new IllegalArgumentException(
            "Every cds.security.issuers[N] needs an 'iss' (the issuer's exact iss claim).");
      }
      if (jwksUri == null || jwksUri.isBlank()) {
        throw new IllegalArgumentException(
            "cds.security.issuers[N] with iss '"
                + iss
                + "' needs a 'jwks-uri' (an http(s) URL or a file: path of its public JWKS).");
      }
      iss = iss.strip();
      jwksUri = jwksUri.strip();
      String scheme = scheme(jwksUri);
      if (!Set.of("http", "https", "file").contains(scheme)) {
        throw new IllegalArgumentException(
            "cds.security.issuers[N].jwks-uri of iss '"
                + iss
                + "' must be an http(s) URL or a file: path, not '"
                + jwksUri
                + "'.");
      }
      if (!scheme.equals("file") && URI.create(jwksUri).getHost() == null) {
        throw new IllegalArgumentException(
            "cds.security.issuers[N].jwks-uri of iss '"
                + iss
                + "' has no host: '"
                + jwksUri
                + "'.");
      }
      jku = jku == null || jku.isBlank() ? jwksUri : jku.strip();
    }

    private static String scheme(String uri) {
      try {
        String scheme = new URI(uri).getScheme();
        return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "cds.security.issuers[N].jwks-uri is not a valid URI: '" + uri + "'.", e);
      }
    }
  }

  /**
   * Fetching and caching of issuers' JWK sets.
   *
   * @param connectTimeout TCP connect timeout of a JWKS fetch
   * @param readTimeout time allowed for the JWKS response once connected
   * @param minRefreshInterval an unknown {@code kid} refetches an issuer's JWKS at most this often
   * @param maxAge a cached JWKS older than this is refetched on next use (kept if that fails)
   */
  public record Jwks(
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("2s") Duration readTimeout,
      @DefaultValue("30s") Duration minRefreshInterval,
      @DefaultValue("10m") Duration maxAge) {

    public Jwks {
      positive("connect-timeout", connectTimeout);
      positive("read-timeout", readTimeout);
      if (minRefreshInterval == null || minRefreshInterval.isNegative()) {
        throw new IllegalArgumentException("cds.security.jwks.min-refresh-interval must be >= 0.");
      }
      positive("max-age", maxAge);
    }

    private static void positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("cds.security.jwks." + name + " must be positive.");
      }
    }
  }

  /** Where seen {@code jti}s are remembered. */
  public enum ReplayStore {
    /** Caffeine cache in this process: right for a single instance. */
    MEMORY,
    /** Shared table in the service's database: needed with more than one replica. */
    DATABASE
  }
}
