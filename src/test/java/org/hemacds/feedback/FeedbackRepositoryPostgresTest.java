package org.hemacds.feedback;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link FeedbackRepositoryContract} on PostgreSQL, in a schema of its own; skipped when {@code
 * HEMACDS_TEST_POSTGRES_URL} is not set.
 */
@EnabledIfEnvironmentVariable(
    named = PostgresTestDatabase.URL,
    matches = ".+",
    disabledReason = PostgresTestDatabase.SKIPPED)
class FeedbackRepositoryPostgresTest extends FeedbackRepositoryContract {

  private String schema;

  @Override
  DataSource dataSource() {
    PostgresTestDatabase.assumeConfigured();
    schema = PostgresTestDatabase.createSchema();
    return new DriverManagerDataSource(
        PostgresTestDatabase.url(schema),
        PostgresTestDatabase.user(),
        PostgresTestDatabase.password());
  }

  @AfterAll
  void dropSchema() {
    PostgresTestDatabase.dropSchema(schema);
  }
}
