package org.hemacds.feedback;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Migrates the feedback database at startup. The first attempt runs on a thread of its own while
 * Spring creates the other beans, and is waited for once they exist, before the server takes
 * requests. A database that cannot be reached does not stop the service (invocation does not need
 * it): the service starts, feedback and analytics answer 503, and the migration is retried in the
 * background until it succeeds. A database that is reachable but cannot be migrated (a failed or
 * edited migration) still stops startup. With Flyway turned off ({@code
 * spring.flyway.enabled=false}) the schema is taken as managed elsewhere.
 */
final class FeedbackDatabase
    implements FlywayMigrationStrategy, SmartInitializingSingleton, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(FeedbackDatabase.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(10);

  private final DataSource dataSource;
  private final ScheduledExecutorService migrations =
      Executors.newSingleThreadScheduledExecutor(daemonThreads("feedback-database-migration-"));
  private volatile boolean ready;
  private volatile Future<?> firstAttempt;

  FeedbackDatabase(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** True once the schema is migrated: the feedback tables exist. */
  boolean ready() {
    return ready;
  }

  /** Until then: the database's own kind of failure, which feedback and analytics answer 503. */
  void requireReady() {
    if (!ready) {
      throw new DataAccessResourceFailureException("feedback database not migrated yet");
    }
  }

  /**
   * Flyway's initializer has run by now; if it never called {@link #migrate}, Flyway is off.
   * Otherwise waits for the first attempt, and stops startup if it failed on a reachable database.
   */
  @Override
  public void afterSingletonsInstantiated() {
    Future<?> attempt = firstAttempt;
    if (attempt == null) {
      ready = true;
      return;
    }
    try {
      attempt.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while migrating the feedback database", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("feedback database migration failed", e.getCause());
    }
  }

  /** Starts the first attempt; {@link #afterSingletonsInstantiated} waits for it. */
  @Override
  public void migrate(Flyway flyway) {
    firstAttempt = migrations.submit(() -> firstAttempt(flyway));
  }

  private void firstAttempt(Flyway flyway) {
    String unreachable = unreachable();
    if (unreachable == null) {
      migrateNow(flyway);
      return;
    }
    log.warn(
        "Feedback database unreachable at startup ({}): starting without it; feedback and"
            + " analytics answer 503 until it is migrated (retrying in the background)",
        unreachable);
    migrations.schedule(
        () -> retry(flyway, FIRST_RETRY), FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void retry(Flyway flyway, Duration delay) {
    try {
      if (unreachable() == null) {
        migrateNow(flyway);
        log.info("Feedback database reachable: schema migrated, feedback is stored again");
        return;
      }
    } catch (RuntimeException e) {
      log.error("Feedback database migration failed ({}); retrying", JdbcCardLog.what(e));
    }
    Duration doubled = delay.multipliedBy(2);
    Duration next = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    migrations.schedule(() -> retry(flyway, next), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void migrateNow(Flyway flyway) {
    flyway.migrate();
    ready = true;
  }

  /** Null if a connection can be had, else what went wrong (type and SQL state only). */
  private String unreachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(1) ? null : "connection not valid";
    } catch (SQLException | RuntimeException e) {
      return JdbcCardLog.what(e);
    }
  }

  @Override
  public void destroy() {
    migrations.shutdownNow();
  }

  private static CustomizableThreadFactory daemonThreads(String prefix) {
    CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
    threads.setDaemon(true);
    return threads;
  }
}
