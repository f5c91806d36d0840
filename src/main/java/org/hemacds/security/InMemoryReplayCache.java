package org.hemacds.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link ReplayCache} for a single instance: a Caffeine cache bounded in size whose entries expire
 * when their token does. If more distinct tokens than the bound arrive within one token lifetime,
 * the oldest entries are evicted early; size the bound for the expected call rate.
 */
final class InMemoryReplayCache implements ReplayCache {

  private static final Duration LONGEST = Duration.ofDays(3650);

  private final Cache<String, Instant> seen;
  private final Clock clock;

  InMemoryReplayCache(long maxEntries) {
    this(maxEntries, Clock.systemUTC(), Ticker.systemTicker());
  }

  InMemoryReplayCache(long maxEntries, Clock clock, Ticker ticker) {
    this.clock = clock;
    this.seen =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .ticker(ticker)
            .expireAfter(
                new Expiry<String, Instant>() {
                  @Override
                  public long expireAfterCreate(String key, Instant forgetAfter, long now) {
                    return untilForgotten(forgetAfter);
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Instant forgetAfter, long now, long current) {
                    return current;
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Instant forgetAfter, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  @Override
  public boolean firstUse(String iss, String jti, Instant forgetAfter) {
    // Length-prefixed so that no (iss, jti) pair can collide with another.
    String key = iss.length() + ":" + iss + jti;
    return seen.asMap().putIfAbsent(key, forgetAfter) == null;
  }

  private long untilForgotten(Instant forgetAfter) {
    Duration left = Duration.between(clock.instant(), forgetAfter);
    if (left.compareTo(LONGEST) > 0) {
      return LONGEST.toNanos(); // toNanos() overflows for an exp centuries away
    }
    return Math.max(left.toNanos(), Duration.ofSeconds(1).toNanos());
  }

  long size() {
    seen.cleanUp();
    return seen.estimatedSize();
  }
}
