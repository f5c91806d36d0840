package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.hemacds.hooks.CardLog;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A card log that cannot keep up drops cards, counts each, and warns once, not per card. */
class CardLogOverloadTest {

  @Test
  void aFullQueueDropsCountsAndWarnsOnce() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:overload;DB_CLOSE_DELAY=-1"); // no card_log table: every write fails
    JdbcTemplate jdbc = new JdbcTemplate(h2);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Logger logger = (Logger) LoggerFactory.getLogger(JdbcCardLog.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    JdbcCardLog log =
        new JdbcCardLog(
            new CardLogStore(
                jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(h2)),
                new DiskFlush(jdbc)),
            () -> new PatientHasher("test-salt-of-enough-length-0123456789"),
            meters,
            Clock.systemUTC(),
            2);
    try {
      for (int i = 0; i < 200; i++) {
        log.record(
            new CardLog.Shown(
                "hematology-order-select",
                "hook-" + i,
                "p1",
                List.of(new CardLog.ShownCard("card-" + i, "R01", 1))));
      }

      double dropped = meters.get("cds.cardlog.dropped").counter().count();
      assertThat(dropped)
          .as("at most the queue and the writer's batch are kept")
          .isGreaterThan(190);
      List<String> warnings =
          logs.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("Card log queue is full"))
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("1 card(s) dropped").doesNotContain("p1");
    } finally {
      logger.detachAppender(logs);
      log.destroy();
    }
  }
}
