package org.hemacds.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.hemacds.hooks.CardLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The card log, written off the request thread: {@link #record} counts the cards and queues them,
 * and one background writer hashes the patient and inserts them in batches. While the database is
 * down the writer keeps its batch and retries with backoff; the queue is bounded, and cards beyond
 * it are dropped (counted, and feedback on them is then stored as for an unknown card). Warnings
 * name no patient and quote no SQL values.
 */
final class JdbcCardLog implements CardLog, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(JdbcCardLog.class);
  private static final int BATCH = 500;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration FLUSH_ON_STOP = Duration.ofSeconds(5);
  private static final Duration DROP_WARNING_INTERVAL = Duration.ofMinutes(1);

  private final CardLogStore store;
  private final Supplier<PatientHasher> hasher;
  private final MeterRegistry meters;
  private final Clock clock;
  private final BlockingQueue<Queued> queue;
  private final Counter dropped;
  private final Counter writeFailures;
  private final Counter rejected;
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);

  /** When dropping was last reported (nanoTime), or null while nothing is being dropped. */
  private final AtomicReference<Long> droppingSince = new AtomicReference<>();

  private final AtomicLong droppedSinceWarning = new AtomicLong();
  private final Thread writer;
  private final AtomicLong pending = new AtomicLong();
  private volatile boolean running = true;

  JdbcCardLog(
      CardLogStore store,
      Supplier<PatientHasher> hasher,
      MeterRegistry meters,
      Clock clock,
      int capacity) {
    this.store = store;
    this.hasher = hasher;
    this.meters = meters;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropped =
        Counter.builder("cds.cardlog.dropped")
            .description("Cards not recorded because the card log queue was full")
            .register(meters);
    this.rejected =
        Counter.builder("cds.cardlog.rejected")
            .description("Cards the database refused to store (left out of the log)")
            .register(meters);
    this.writeFailures =
        Counter.builder("cds.cardlog.write.failures")
            .description("Failed attempts to write a batch of cards to the database")
            .register(meters);
    Gauge.builder("cds.cardlog.queued", queue, BlockingQueue::size)
        .description("Cards waiting to be written to the database")
        .register(meters);
    Gauge.builder("cds.feedback.database.up", databaseUp, up -> up.get() ? 1 : 0)
        .description("1 if the last card log write reached the database, else 0")
        .register(meters);
    this.writer = new Thread(this::writeLoop, "card-log-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(Shown shown) {
    try {
      Instant now = clock.instant();
      for (ShownCard card : shown.cards()) {
        Counter.builder("cds.cards.shown")
            .description("Cards returned, per rule and service")
            .tag("rule", card.ruleId())
            .tag("service", shown.serviceId())
            .register(meters)
            .increment();
        Queued row =
            new Queued(
                card.cardUuid(),
                card.ruleId(),
                card.ruleVersion(),
                shown.serviceId(),
                shown.hookInstance(),
                shown.patientId(),
                now);
        pending.incrementAndGet();
        if (!queue.offer(row)) {
          pending.decrementAndGet();
          dropped.increment();
          warnDropping();
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not record {} card(s) in the card log: {}", shown.cards().size(), what(e));
    }
  }

  /**
   * Says that cards are being dropped, then at most once a minute while it lasts, with the count
   * since the last warning: a sustained overload must not flood the log.
   */
  private void warnDropping() {
    long count = droppedSinceWarning.incrementAndGet();
    long now = System.nanoTime();
    Long last = droppingSince.get();
    if ((last == null || now - last >= DROP_WARNING_INTERVAL.toNanos())
        && droppingSince.compareAndSet(last, now)) {
      droppedSinceWarning.addAndGet(-count);
      log.warn(
          "Card log queue is full ({} cards waiting): {} card(s) dropped from the log{}; it keeps"
              + " up again once the database does (cds_cardlog_dropped_total counts them all)",
          queue.size(),
          count,
          last == null ? "" : " since the last warning");
    }
  }

  /** True once every card queued so far has been written (for tests and shutdown). */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pending.get() == 0) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private void writeLoop() {
    List<Queued> batch = new ArrayList<>(BATCH);
    long backoffMillis = 250;
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Queued first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
        }
        int refused = store.insert(rows(batch));
        if (refused > 0) {
          rejected.increment(refused);
          log.warn("Card log: the database refused {} card(s); they are left out", refused);
        }
        if (!databaseUp.getAndSet(true)) {
          log.info("Card log: the database is reachable again; writing queued cards");
        }
        pending.addAndGet(-batch.size());
        batch.clear();
        backoffMillis = 250;
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        writeFailures.increment();
        if (databaseUp.getAndSet(false)) {
          log.warn(
              "Card log: cannot write {} card(s) to the database ({}); keeping them and retrying."
                  + " Invocations are not affected.",
              batch.size(),
              what(e));
        }
        if (!running) {
          break;
        }
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          if (!running) {
            break;
          }
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
      }
    }
    int lost = batch.size() + queue.size();
    if (lost > 0) {
      log.warn("Card log: {} card(s) could not be written before shutdown", lost);
    }
  }

  /**
   * One card waiting to be written; the patient is hashed when it is (the salt may be in the
   * database).
   */
  private record Queued(
      String cardUuid,
      String ruleId,
      int ruleVersion,
      String serviceId,
      String hookInstance,
      String patientId,
      Instant shownAt) {}

  private List<CardLogStore.Row> rows(List<Queued> batch) {
    PatientHasher patients = hasher.get();
    List<CardLogStore.Row> rows = new ArrayList<>(batch.size());
    for (Queued q : batch) {
      rows.add(
          new CardLogStore.Row(
              q.cardUuid(),
              q.ruleId(),
              q.ruleVersion(),
              q.serviceId(),
              q.hookInstance(),
              patients.hash(q.patientId()),
              q.shownAt()));
    }
    return rows;
  }

  /** Stops the writer after it has written what is queued, within a few seconds. */
  @Override
  public void destroy() throws InterruptedException {
    running = false;
    writer.join(FLUSH_ON_STOP.toMillis());
    if (writer.isAlive()) {
      writer.interrupt();
      writer.join(1000);
    }
  }

  /** The exception's type and SQL state only: driver messages may quote values. */
  static String what(Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof SQLException sql) {
        return e.getClass().getSimpleName() + ", SQL state " + sql.getSQLState();
      }
      cause = cause.getCause();
    }
    return e.getClass().getSimpleName();
  }
}
