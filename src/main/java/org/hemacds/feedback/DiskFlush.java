package org.hemacds.feedback;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes committed rows survive a crash. PostgreSQL does so at every commit. Embedded H2 does not:
 * its MVStore writes commits to the file in the background about a second later, so a {@code kill
 * -9} right after a commit loses it (seen with H2 2.4). After each commit on H2, {@code CHECKPOINT
 * SYNC} writes the store and forces it to disk.
 */
final class DiskFlush {

  private final JdbcTemplate jdbc;
  private volatile Boolean h2; // asked of the first connection: the database may be down at start

  DiskFlush(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Call after a commit, outside any transaction. */
  void afterCommit() {
    if (isH2()) {
      jdbc.execute("CHECKPOINT SYNC");
    }
  }

  private boolean isH2() {
    Boolean known = h2;
    if (known == null) {
      String product =
          jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
      known = "H2".equalsIgnoreCase(product);
      h2 = known;
    }
    return known;
  }
}
