package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryReplayCacheTest {

  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicLong nanos = new AtomicLong();

  private InMemoryReplayCache cache(long maxEntries) {
    return new InMemoryReplayCache(maxEntries, Clock.fixed(start, ZoneOffset.UTC), nanos::get);
  }

  @Test
  void aPairIsNewOnlyOnce() {
    InMemoryReplayCache cache = cache(100);
    Instant exp = start.plusSeconds(300);
    assertThat(cache.firstUse("iss-a", "jti-1", exp)).isTrue();
    assertThat(cache.firstUse("iss-a", "jti-1", exp)).isFalse();
    assertThat(cache.firstUse("iss-b", "jti-1", exp)).as("other issuer").isTrue();
    assertThat(cache.firstUse("iss-a", "jti-2", exp)).isTrue();
  }

  @Test
  void pairsCannotCollideAcrossTheIssJtiBoundary() {
    InMemoryReplayCache cache = cache(100);
    Instant exp = start.plusSeconds(300);
    assertThat(cache.firstUse("ab", "c", exp)).isTrue();
    assertThat(cache.firstUse("a", "bc", exp)).isTrue();
  }

  @Test
  void entriesAreForgottenWhenTheTokenExpires() {
    InMemoryReplayCache cache = cache(100);
    assertThat(cache.firstUse("iss", "jti", start.plusSeconds(60))).isTrue();
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(cache.firstUse("iss", "jti", start.plusSeconds(60))).isFalse();
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(cache.size()).isZero();
  }

  @Test
  void sizeIsBounded() {
    InMemoryReplayCache cache = cache(10);
    for (int i = 0; i < 1000; i++) {
      cache.firstUse("iss", "jti-" + i, start.plusSeconds(300));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void farFutureExpiryDoesNotOverflow() {
    InMemoryReplayCache cache = cache(10);
    assertThat(cache.firstUse("iss", "jti", Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
    assertThat(cache.firstUse("iss", "jti", Instant.parse("2999-01-01T00:00:00Z"))).isFalse();
  }
}
