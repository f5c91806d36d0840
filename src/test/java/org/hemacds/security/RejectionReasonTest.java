package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.hemacds.metrics.SecurityMetrics;
import org.junit.jupiter.api.Test;

/** Every refusal is counted under a fixed reason, never under text the caller chose. */
class RejectionReasonTest {

  @Test
  void refusalsMapToTheirReasons() {
    assertThat(CdsJwtFilter.reason("no Authorization header")).isEqualTo(SecurityMetrics.MISSING);
    assertThat(CdsJwtFilter.reason("typ header is not JWT")).isEqualTo(SecurityMetrics.MALFORMED);
    assertThat(CdsJwtFilter.reason("alg HS256 is not allowed"))
        .isEqualTo(SecurityMetrics.ALGORITHM);
    assertThat(CdsJwtFilter.reason("iss 'x' is not trusted")).isEqualTo(SecurityMetrics.ISSUER);
    assertThat(CdsJwtFilter.reason("jku header is not the one allowed for iss x"))
        .isEqualTo(SecurityMetrics.ISSUER);
    assertThat(CdsJwtFilter.reason("kid 'k' is not in the JWKS of iss x"))
        .isEqualTo(SecurityMetrics.KEY);
    assertThat(CdsJwtFilter.reason("signature does not verify"))
        .isEqualTo(SecurityMetrics.SIGNATURE);
    assertThat(CdsJwtFilter.reason("expired")).isEqualTo(SecurityMetrics.EXPIRED);
    assertThat(CdsJwtFilter.reason("aud is neither the called URL nor the base URL"))
        .isEqualTo(SecurityMetrics.AUDIENCE);
    assertThat(CdsJwtFilter.reason("jti 'alg none' of iss x replayed"))
        .isEqualTo(SecurityMetrics.REPLAY);
    assertThat(CdsJwtFilter.reason("no jti claim")).isEqualTo(SecurityMetrics.CLAIMS);
    assertThat(CdsJwtFilter.reason("something new")).isEqualTo(SecurityMetrics.OTHER);
  }
}
