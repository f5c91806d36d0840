package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.accepted;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.hemacds.HematologyCdsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Feedback answered 200 is on disk: the H2 files are copied while the first application still runs
 * and holds them open, right after the 200, which is what a {@code kill -9} or a power cut leaves;
 * an application started on that copy reads the feedback back through the analytics. (The real
 * {@code kill -9} of the jar is {@code FeedbackKillIT}, run by {@code ./mvnw verify}.)
 */
class FeedbackDurabilityTest {

  private static final String R01_REASONS = "urn:hematology-cds:override-reason";

  @TempDir Path dir;

  static ConfigurableApplicationContext start(Path database) {
    return new SpringApplicationBuilder(HematologyCdsApplication.class)
        .run(
            "--server.port=0",
            "--cds.security.enabled=false",
            "--spring.main.banner-mode=off",
            "--spring.datasource.url=jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE");
  }

  static FeedbackHttp http(ConfigurableApplicationContext context) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return FeedbackHttp.onPort(port);
  }

  @Test
  void feedbackAnswered200SurvivesACrashImageAndARestart() throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    Path crash = Files.createDirectories(dir.resolve("crash"));
    String acceptedCard;
    String overriddenCard;
    try (ConfigurableApplicationContext first = start(live.resolve("cds"))) {
      FeedbackHttp http = http(first);
      JsonNode card = http.invokeR01().get(0);
      acceptedCard = card.path("uuid").asString();
      overriddenCard = http.invokeR01().get(0).path("uuid").asString();
      assertThat(first.getBean(JdbcCardLog.class).awaitEmpty(Duration.ofSeconds(10))).isTrue();

      FeedbackHttp.Reply reply =
          http.feedback(
              body(
                      accepted(
                          acceptedCard, card.path("suggestions").get(0).path("uuid").asString()),
                      overridden(overriddenCard, R01_REASONS, "hematologist-decision", "MDT"))
                  .toString());
      assertThat(reply.status()).isEqualTo(200);

      // The state of the files the moment the 200 arrived, with the database still open.
      copyAll(live, crash);
    }

    try (ConfigurableApplicationContext second = start(crash.resolve("cds"))) {
      JsonNode r01 = FeedbackHttp.rule(http(second).analytics(""), "R01", 1);
      assertThat(r01).isNotNull();
      assertThat(r01.path("shown").asLong()).isEqualTo(2);
      assertThat(r01.path("accepted").asLong()).isEqualTo(1);
      assertThat(r01.path("overridden").asLong()).isEqualTo(1);
      assertThat(r01.path("topOverrideReasons").get(0).path("code").asString())
          .isEqualTo("hematologist-decision");
    }

    try (ConfigurableApplicationContext again = start(live.resolve("cds"))) {
      JsonNode r01 = FeedbackHttp.rule(http(again).analytics(""), "R01", 1);
      assertThat(r01.path("shown").asLong()).as("after a normal stop too").isEqualTo(2);
      assertThat(r01.path("overridden").asLong()).isEqualTo(1);
    }
  }

  private static void copyAll(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(from)) {
      files = list.toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("cds.mv.db");
    for (Path file : files) {
      Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
