package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.eventually;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away mid-run (an H2 server on this machine is stopped): invocations still
 * answer 200 with their cards, feedback and analytics answer 503 with an OperationOutcome, health
 * stays up; when the database is back, feedback is stored again and the cards shown during the
 * outage reach the card log.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "cds.security.enabled=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseDownHttpTest {

  private static Server database;
  private static int databasePort;
  private static Path baseDir;

  @LocalServerPort int port;
  @Autowired JdbcCardLog cardLog;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    baseDir = Files.createTempDirectory("hemacds-h2-server");
    database = startServer("0");
    databasePort = database.getPort();
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:tcp://localhost:" + databasePort + "/cds;DB_CLOSE_ON_EXIT=FALSE");
  }

  private static Server startServer(String port) throws SQLException {
    return Server.createTcpServer("-tcpPort", port, "-ifNotExists", "-baseDir", baseDir.toString())
        .start();
  }

  @AfterAll
  static void stopDatabase() {
    if (database != null) {
      database.stop();
    }
  }

  @Test
  void invocationOutlivesTheDatabaseAndFeedbackSays503() throws Exception {
    FeedbackHttp http = FeedbackHttp.onPort(port);
    String before = http.invokeR01().get(0).path("uuid").asString();
    assertThat(http.feedback(body(overridden(before)).toString()).status()).isEqualTo(200);
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(10))).isTrue();

    database.stop();

    String during = http.invokeR01().get(0).path("uuid").asString();

    FeedbackHttp.Reply feedback = http.feedback(body(overridden(during)).toString());
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(503);
    assertThat(feedback.issueCode()).isEqualTo("transient");
    assertThat(feedback.diagnostics()).contains("feedback store is unavailable");
    assertThat(feedback.header("Retry-After")).isNotNull();

    FeedbackHttp.Reply analytics = http.get("/analytics/rules");
    assertThat(analytics.status()).isEqualTo(503);
    assertThat(analytics.issueCode()).isEqualTo("transient");

    assertThat(http.get("/actuator/health").status())
        .as("the service still answers CDS calls: it is not down")
        .isEqualTo(200);
    assertThat(
            eventually(
                () ->
                    http.get("/actuator/prometheus")
                        .body()
                        .contains("cds_feedback_database_up{application=\"hematology-cds\"} 0.0")))
        .isTrue();
    assertThat(http.invokeR01()).as("still answering").hasSize(1);

    database = startServer(String.valueOf(databasePort));

    assertThat(eventually(() -> http.feedback(body(overridden(during)).toString()).status() == 200))
        .as("feedback is stored again once the database is back")
        .isTrue();
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(90)))
        .as("the cards shown during the outage reach the card log")
        .isTrue();
    JsonNode r01 = FeedbackHttp.rule(http.analytics(""), "R01", 1);
    assertThat(r01.path("shown").asLong()).isEqualTo(3);
    assertThat(r01.path("overridden").asLong()).isEqualTo(2);
    assertThat(http.analytics("").path("feedbackOnUnknownCards").asLong()).isZero();
  }
}
