package org.hemacds.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's JWKS, read from its configured {@code jwks-uri}: fetched on first use, cached,
 * refetched when a {@code kid} is unknown (at most once per {@code min-refresh-interval}) or when
 * older than {@code max-age}. Each issuer has its own lock, so a hanging JWKS endpoint delays only
 * that issuer's callers, and only up to the fetch timeouts. A failed refetch keeps the keys already
 * cached.
 */
final class RemoteJwks implements IssuerKeys {

  private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);

  private record Snapshot(JWKSet keys, Instant fetchedAt) {}

  private final String iss;
  private final String location;
  private final JwksLoader loader;
  private final SecurityProperties.Jwks settings;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  private volatile Snapshot snapshot;
  private Instant lastAttempt; // guarded by lock

  RemoteJwks(
      String iss,
      String location,
      JwksLoader loader,
      SecurityProperties.Jwks settings,
      Clock clock) {
    this.iss = iss;
    this.location = location;
    this.loader = loader;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public JWK find(String kid) {
    Snapshot current = snapshot;
    JWK key = lookup(current, kid);
    if (key != null) {
      boolean stale = !clock.instant().isBefore(current.fetchedAt().plus(settings.maxAge()));
      // A stale set is refreshed by one caller; the others go on with the keys they have.
      if (stale && lock.tryLock()) {
        try {
          refreshIfAllowed();
        } finally {
          lock.unlock();
        }
        return lookup(snapshot, kid);
      }
      return key;
    }
    lock.lock();
    try {
      if (snapshot != current) {
        JWK loaded = lookup(snapshot, kid); // another caller refreshed while we waited
        if (loaded != null) {
          return loaded;
        }
      }
      refreshIfAllowed();
      return lookup(snapshot, kid);
    } finally {
      lock.unlock();
    }
  }

  private static JWK lookup(Snapshot snapshot, String kid) {
    return snapshot == null ? null : snapshot.keys().getKeyByKeyId(kid);
  }

  private void refreshIfAllowed() {
    Instant now = clock.instant();
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(settings.minRefreshInterval()))) {
      log.debug(
          "JWKS of issuer {} not refetched: last attempt was under the minimum interval", iss);
      return;
    }
    lastAttempt = now;
    try {
      JWKSet keys = loader.load(location);
      snapshot = new Snapshot(keys, now);
      log.debug("Loaded the JWKS of issuer {}: {} public key(s)", iss, keys.size());
    } catch (Exception e) {
      log.warn(
          "Could not read the JWKS of issuer {} from {} ({}: {}); keeping {} cached key(s)",
          iss,
          location,
          e.getClass().getSimpleName(),
          e.getMessage(),
          snapshot == null ? 0 : snapshot.keys().size());
    }
  }
}
