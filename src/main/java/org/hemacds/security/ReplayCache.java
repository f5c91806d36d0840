package org.hemacds.security;

import java.time.Instant;

/**
 * Remembers which {@code jti} each issuer has used, so that a captured token cannot be sent twice.
 * Implementations must be safe for concurrent use and atomic: of two simultaneous calls with the
 * same pair, exactly one returns {@code true}. With more than one replica the store must be shared
 * (see {@link SecurityProperties.ReplayStore#DATABASE}).
 */
public interface ReplayCache {

  /**
   * Records the pair and tells whether it is new.
   *
   * @param iss the token's issuer
   * @param jti the token's id
   * @param forgetAfter when the pair may be forgotten: the token's {@code exp} plus the clock skew,
   *     after which the token is refused as expired anyway
   * @return {@code true} the first time a pair is seen, {@code false} on a replay
   */
  boolean firstUse(String iss, String jti, Instant forgetAfter);
}
