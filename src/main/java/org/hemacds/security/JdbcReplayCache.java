package org.hemacds.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The replay cache shared by every replica, in the service's database ({@code
 * cds.security.replay-store=database}). The primary key makes "first use" atomic across replicas.
 * While the database cannot be reached, each replica falls back to its own in-memory cache (a
 * replay is still refused on the replica that saw the token) rather than refusing every caller.
 */
final class JdbcReplayCache implements ReplayCache {

  private static final Logger log = LoggerFactory.getLogger(JdbcReplayCache.class);
  private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

  private final JdbcClient jdbc;
  private final ReplayCache fallback;
  private final Clock clock;
  private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

  JdbcReplayCache(JdbcClient jdbc, ReplayCache fallback, Clock clock) {
    this.jdbc = jdbc;
    this.fallback = fallback;
    this.clock = clock;
  }

  @Override
  public boolean firstUse(String iss, String jti, Instant forgetAfter) {
    String key = key(iss, jti);
    try {
      purgeNowAndThen();
      try {
        jdbc.sql("INSERT INTO jwt_replay (token_key, forget_after) VALUES (?, ?)")
            .params(key, Timestamp.from(forgetAfter))
            .update();
        fallback.firstUse(iss, jti, forgetAfter); // keep the local copy warm for outages
        return true;
      } catch (DuplicateKeyException seen) {
        // Seen before; only a row already past its time (not purged yet) may be reused.
        int reused =
            jdbc.sql(
                    "UPDATE jwt_replay SET forget_after = ? WHERE token_key = ? AND forget_after < ?")
                .params(Timestamp.from(forgetAfter), key, Timestamp.from(clock.instant()))
                .update();
        return reused == 1;
      }
    } catch (DataAccessException e) {
      log.warn(
          "JWT replay store unavailable ({}); using this replica's memory until it returns",
          e.getClass().getSimpleName());
      return fallback.firstUse(iss, jti, forgetAfter);
    }
  }

  private void purgeNowAndThen() {
    Instant now = clock.instant();
    Instant due = nextPurge.get();
    if (now.isAfter(due) && nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
      jdbc.sql("DELETE FROM jwt_replay WHERE forget_after < ?").param(Timestamp.from(now)).update();
    }
  }

  static String key(String iss, String jti) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(iss.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(jti.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
