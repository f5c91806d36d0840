package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class FeedbackDatabaseTest {

  @Test
  void withFlywayOffTheSchemaIsTakenAsManagedElsewhere() {
    FeedbackDatabase database = new FeedbackDatabase(new JdbcDataSource());
    database.afterSingletonsInstantiated();
    assertThat(database.ready()).isTrue();
    database.destroy();
  }

  @Test
  void aReachableDatabaseIsMigratedAtOnce() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:feedback-database-test;DB_CLOSE_DELAY=-1");
    FeedbackDatabase database = new FeedbackDatabase(h2);
    database.migrate(Flyway.configure().dataSource(h2).load());
    database.afterSingletonsInstantiated();
    assertThat(database.ready()).isTrue();
    database.destroy();
  }

  @Test
  void anUnreachableDatabaseLeavesItNotReady() {
    JdbcDataSource nowhere = new JdbcDataSource();
    nowhere.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");
    FeedbackDatabase database = new FeedbackDatabase(nowhere);
    database.migrate(Flyway.configure().dataSource(nowhere).load());
    database.afterSingletonsInstantiated();
    assertThat(database.ready()).isFalse();
    database.destroy();
  }
}
