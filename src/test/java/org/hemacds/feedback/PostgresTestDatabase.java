package org.hemacds.feedback;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the tests may use: {@code HEMACDS_TEST_POSTGRES_URL} (a JDBC URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/hemacds_test}), {@code HEMACDS_TEST_POSTGRES_USER} and
 * {@code HEMACDS_TEST_POSTGRES_PASSWORD}. {@code .ci/run} starts one and sets them; without them
 * the PostgreSQL tests are skipped. Each test class works in a schema of its own, dropped at the
 * end.
 */
final class PostgresTestDatabase {

  static final String URL = "HEMACDS_TEST_POSTGRES_URL";
  static final String USER = "HEMACDS_TEST_POSTGRES_USER";
  static final String PASSWORD = "HEMACDS_TEST_POSTGRES_PASSWORD";
  static final String SKIPPED =
      "PostgreSQL tests skipped: HEMACDS_TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and"
          + " sets it; see docs/operations.md)";

  private PostgresTestDatabase() {}

  static boolean configured() {
    String url = System.getenv(URL);
    return url != null && !url.isBlank();
  }

  static void assumeConfigured() {
    assumeTrue(configured(), SKIPPED);
  }

  static String user() {
    return System.getenv().getOrDefault(USER, "postgres");
  }

  static String password() {
    return System.getenv().getOrDefault(PASSWORD, "");
  }

  /** A new empty schema; its name. */
  static String createSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  static void dropSchema(String schema) {
    if (schema != null) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** The JDBC URL whose connections work in that schema. */
  static String url(String schema) {
    String base = System.getenv(URL);
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void execute(String sql) {
    try (Connection connection =
            DriverManager.getConnection(System.getenv(URL), user(), password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + URL + ": " + e.getMessage(), e);
    }
  }
}
