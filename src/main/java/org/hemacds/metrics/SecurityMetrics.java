package org.hemacds.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Counts CDS Hooks JWTs refused, by reason: {@code cds.jwt.rejections{reason}} (Prometheus {@code
 * cds_jwt_rejections_total}). The security filter calls {@link #jwtRejected} with one of the
 * reasons below; any other text is counted as {@code other}, so the tag set stays small whatever
 * the caller sends.
 */
@Component
public class SecurityMetrics {

  public static final String METER = "cds.jwt.rejections";

  /** No {@code Authorization} header, several, or not a Bearer token. */
  public static final String MISSING = "missing";

  /** Not a parsable JWS, or a header ({@code typ}, {@code kid}) that is wrong or absent. */
  public static final String MALFORMED = "malformed";

  /** {@code alg} none, symmetric, or otherwise not allowed. */
  public static final String ALGORITHM = "algorithm";

  /** {@code iss} not trusted, or a {@code jku} not allowed for it. */
  public static final String ISSUER = "issuer";

  /** {@code kid} not in the issuer's key set, or the key set could not be read. */
  public static final String KEY = "key";

  /** The signature does not verify. */
  public static final String SIGNATURE = "signature";

  /** {@code exp} passed, {@code iat} in the future, or a time claim missing. */
  public static final String EXPIRED = "expired";

  /** {@code aud} is not the URL called. */
  public static final String AUDIENCE = "audience";

  /** A required claim missing ({@code jti}, ...). */
  public static final String CLAIMS = "claims";

  /** The {@code jti} was seen before. */
  public static final String REPLAY = "replay";

  public static final String OTHER = "other";

  private static final Set<String> REASONS =
      Set.of(
          MISSING, MALFORMED, ALGORITHM, ISSUER, KEY, SIGNATURE, EXPIRED, AUDIENCE, CLAIMS, REPLAY,
          OTHER);

  private final MeterRegistry meters;

  public SecurityMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Counts one refused token. */
  public void jwtRejected(String reason) {
    String tag = reason == null ? OTHER : reason.toLowerCase(Locale.ROOT);
    Counter.builder(METER)
        .description("CDS Hooks JWTs refused, by reason")
        .tag("reason", REASONS.contains(tag) ? tag : OTHER)
        .register(meters)
        .increment();
  }
}
