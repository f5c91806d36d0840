package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hemacds.feedback.FeedbackHttp.accepted;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hemacds.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The built jar as a real process: cards shown, feedback answered 200, then {@code kill -9}
 * (SIGKILL: no shutdown hook, no flush) right after the 200; a new process on the same database
 * reads the feedback back through the analytics exactly. On H2 (the default file database) and on
 * PostgreSQL when {@code HEMACDS_TEST_POSTGRES_URL} is set. Run by {@code ./mvnw verify}
 * (failsafe), after the jar is packaged.
 */
class FeedbackKillIT {

  @TempDir Path dir;

  @Test
  void h2FeedbackSurvivesKill9() throws Exception {
    killAndRestart(
        List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").resolve("cds")));
  }

  @Test
  @EnabledIfEnvironmentVariable(
      named = PostgresTestDatabase.URL,
      matches = ".+",
      disabledReason = PostgresTestDatabase.SKIPPED)
  void postgresqlFeedbackSurvivesKill9() throws Exception {
    String schema = PostgresTestDatabase.createSchema();
    try {
      killAndRestart(
          List.of(
              "--spring.datasource.url=" + PostgresTestDatabase.url(schema),
              "--spring.datasource.username=" + PostgresTestDatabase.user(),
              "--spring.datasource.password=" + PostgresTestDatabase.password()));
    } finally {
      PostgresTestDatabase.dropSchema(schema);
    }
  }

  private void killAndRestart(List<String> database) throws Exception {
    long started = System.nanoTime();
    ServiceProcess first = start(dir, "first", database);
    try {
      FeedbackHttp http = http(first);
      JsonNode card = http.invokeR01().get(0);
      String acceptedCard = card.path("uuid").asString();
      String overriddenCard = http.invokeR01().get(0).path("uuid").asString();
      awaitShown(http, 2);
      FeedbackHttp.Reply reply =
          http.feedback(
              body(
                      accepted(
                          acceptedCard, card.path("suggestions").get(0).path("uuid").asString()),
                      overridden(
                          overriddenCard,
                          "urn:hematology-cds:override-reason",
                          "hematologist-decision",
                          null),
                      overridden("never-shown-here"))
                  .toString());
      assertThat(reply.status()).isEqualTo(200);
    } finally {
      first.kill9();
    }

    ServiceProcess second = start(dir, "second", database);
    try {
      JsonNode analytics = http(second).analytics("");
      JsonNode r01 = FeedbackHttp.rule(analytics, "R01", 1);
      assertThat(r01).as(analytics.toString()).isNotNull();
      assertThat(r01.path("shown").asLong()).isEqualTo(2);
      assertThat(r01.path("accepted").asLong()).isEqualTo(1);
      assertThat(r01.path("overridden").asLong()).isEqualTo(1);
      assertThat(r01.path("topOverrideReasons").get(0).path("code").asString())
          .isEqualTo("hematologist-decision");
      assertThat(analytics.path("feedbackOnUnknownCards").asLong()).isEqualTo(1);
    } finally {
      second.kill9();
    }
    System.out.printf(
        "kill -9 round trip took %d s%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  /** The card log is written off the request thread: wait until both cards are in it. */
  private static void awaitShown(FeedbackHttp http, long shown) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode r01 = FeedbackHttp.rule(http.analytics(""), "R01", 1);
      if (r01 != null && r01.path("shown").asLong() == shown) {
        return;
      }
      Thread.sleep(100);
    }
    fail("the card log never showed %d cards", shown);
  }

  /** One {@code java -jar} process of the built jar, without JWTs, on {@code database}. */
  private static ServiceProcess start(Path dir, String name, List<String> database)
      throws Exception {
    String jar = System.getProperty("hemacds.jar", "target/hematology-cds.jar");
    assertThat(Path.of(jar)).as("run ./mvnw verify: the jar is built before this test").exists();
    List<String> arguments = new ArrayList<>(List.of("--cds.security.enabled=false"));
    arguments.addAll(database);
    return ServiceProcess.start(
        dir, name, List.of(), List.of("-jar", Path.of(jar).toAbsolutePath().toString()), arguments);
  }

  private static FeedbackHttp http(ServiceProcess service) {
    return FeedbackHttp.onPort(service.port());
  }
}
