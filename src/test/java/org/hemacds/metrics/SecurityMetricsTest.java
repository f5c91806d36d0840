package org.hemacds.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SecurityMetricsTest {

  @Test
  void rejectionsAreCountedByABoundedReason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SecurityMetrics metrics = new SecurityMetrics(registry);

    metrics.jwtRejected(SecurityMetrics.REPLAY);
    metrics.jwtRejected("EXPIRED");
    metrics.jwtRejected("jti 1234 seen before from https://evil.example");
    metrics.jwtRejected(null);

    assertThat(registry.counter(SecurityMetrics.METER, "reason", "replay").count()).isEqualTo(1);
    assertThat(registry.counter(SecurityMetrics.METER, "reason", "expired").count()).isEqualTo(1);
    assertThat(registry.counter(SecurityMetrics.METER, "reason", "other").count()).isEqualTo(2);
    assertThat(registry.find(SecurityMetrics.METER).counters()).hasSize(3);
  }
}
