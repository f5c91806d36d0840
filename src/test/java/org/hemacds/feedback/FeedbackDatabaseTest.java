package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

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

  @Test
  void theMigrationRunsWhileTheCallerGoesOnAndIsWaitedForOnceTheBeansExist() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:feedback-database-background;DB_CLOSE_DELAY=-1");
    DataSource held =
        new DelegatingDataSource(h2) {
          @Override
          public Connection getConnection() throws SQLException {
            try {
              open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.getConnection();
          }
        };
    FeedbackDatabase database = new FeedbackDatabase(held);
    database.migrate(Flyway.configure().dataSource(held).load()); // returns with the database held
    assertThat(database.ready()).isFalse();
    open.countDown();
    database.afterSingletonsInstantiated();
    assertThat(database.ready()).isTrue();
    try (Connection connection = h2.getConnection()) {
      assertThat(connection.getMetaData().getTables(null, null, "CARD_LOG", null).next()).isTrue();
    }
    database.destroy();
  }

  @Test
  void aMigrationThatFailsOnAReachableDatabaseStopsStartup() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:feedback-database-broken;DB_CLOSE_DELAY=-1");
    FeedbackDatabase database = new FeedbackDatabase(h2);
    database.migrate(Flyway.configure().dataSource(h2).locations("classpath:db/broken").load());
    assertThatThrownBy(database::afterSingletonsInstantiated).isInstanceOf(FlywayException.class);
    assertThat(database.ready()).isFalse();
    database.destroy();
  }
}
