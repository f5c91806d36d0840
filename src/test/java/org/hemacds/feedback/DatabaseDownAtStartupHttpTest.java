package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.eventually;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The database is down when the service starts (nothing listens on its port): the service starts
 * anyway, invocations answer with their cards, feedback and analytics answer 503; once a database
 * server comes up on that port, the schema is migrated in the background, feedback is stored and
 * the cards shown before reach the card log.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "cds.security.enabled=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseDownAtStartupHttpTest {

  private static int databasePort;
  private static Server database;

  @LocalServerPort int port;
  @Autowired JdbcCardLog cardLog;
  @Autowired FeedbackDatabase feedbackDatabase;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      databasePort = free.getLocalPort();
    }
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:tcp://localhost:" + databasePort + "/cds;DB_CLOSE_ON_EXIT=FALSE");
  }

  @AfterAll
  static void stopDatabase() {
    if (database != null) {
      database.stop();
    }
  }

  @Test
  void startsWithoutTheDatabaseAndCatchesUpWhenItComes() throws Exception {
    FeedbackHttp http = FeedbackHttp.onPort(port);
    assertThat(feedbackDatabase.ready()).isFalse();

    String shown = http.invokeR01().get(0).path("uuid").asString();

    FeedbackHttp.Reply feedback = http.feedback(body(overridden(shown)).toString());
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(503);
    assertThat(feedback.issueCode()).isEqualTo("transient");
    assertThat(feedback.header("Retry-After")).isNotNull();
    assertThat(http.feedback("{\"feedback\": 1}").status())
        .as("a malformed body is still the client's error")
        .isEqualTo(400);
    FeedbackHttp.Reply analytics = http.get("/analytics/rules");
    assertThat(analytics.status()).as(analytics.body()).isEqualTo(503);
    assertThat(http.get("/actuator/health").status()).isEqualTo(200);
    assertThat(http.get("/cds-services").status()).isEqualTo(200);

    Path baseDir = Files.createTempDirectory("hemacds-h2-late");
    database =
        Server.createTcpServer(
                "-tcpPort",
                String.valueOf(databasePort),
                "-ifNotExists",
                "-baseDir",
                baseDir.toString())
            .start();

    assertThat(eventually(feedbackDatabase::ready)).as("migrated in the background").isTrue();
    assertThat(http.feedback(body(overridden(shown)).toString()).status()).isEqualTo(200);
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(60)))
        .as("the card shown before the database came reaches the card log")
        .isTrue();
    JsonNode r01 = FeedbackHttp.rule(http.analytics(""), "R01", 1);
    assertThat(r01.path("shown").asLong()).isEqualTo(1);
    assertThat(r01.path("overridden").asLong()).isEqualTo(1);
    assertThat(http.analytics("").path("feedbackOnUnknownCards").asLong()).isZero();
  }
}
