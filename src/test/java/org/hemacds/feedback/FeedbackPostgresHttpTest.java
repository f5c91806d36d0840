package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.accepted;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hemacds.HematologyCdsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service on PostgreSQL, over real HTTP: real R01 cards, feedback on them, the spec's examples
 * sent twice, the analytics read back exactly, and again by a second application started on the
 * same database. Skipped when {@code HEMACDS_TEST_POSTGRES_URL} is not set.
 */
@EnabledIfEnvironmentVariable(
    named = PostgresTestDatabase.URL,
    matches = ".+",
    disabledReason = PostgresTestDatabase.SKIPPED)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "cds.security.enabled=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class FeedbackPostgresHttpTest {

  private static String schema;

  @LocalServerPort int port;
  @Autowired JdbcCardLog cardLog;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    schema = PostgresTestDatabase.createSchema();
    registry.add("spring.datasource.url", () -> PostgresTestDatabase.url(schema));
    registry.add("spring.datasource.username", PostgresTestDatabase::user);
    registry.add("spring.datasource.password", PostgresTestDatabase::password);
  }

  @AfterAll
  static void dropSchema() {
    PostgresTestDatabase.dropSchema(schema);
  }

  @Test
  void feedbackIsReadBackExactlyOnPostgresqlAndByASecondInstance() throws Exception {
    assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
    FeedbackHttp http = FeedbackHttp.onPort(port);
    JsonNode first = http.invokeR01().get(0);
    String a = first.path("uuid").asString();
    String b = http.invokeR01().get(0).path("uuid").asString();
    String c = http.invokeR01().get(0).path("uuid").asString();
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(10))).isTrue();

    String feedback =
        body(
                accepted(a, first.path("suggestions").get(0).path("uuid").asString()),
                overridden(b, null, "hematologist-decision", null),
                overridden(c))
            .toString();
    assertThat(http.feedback(feedback).status()).isEqualTo(200);
    assertThat(http.feedback(feedback).status()).isEqualTo(200);
    for (String file :
        new String[] {
          "feedback-accepted.spec-2.0.1.json",
          "feedback-overridden-no-reason.spec-2.0.1.json",
          "feedback-overridden-with-reason.spec-2.0.1.json"
        }) {
      String json =
          new ClassPathResource("examples/" + file).getContentAsString(StandardCharsets.UTF_8);
      assertThat(http.feedback(json).status()).isEqualTo(200);
      assertThat(http.feedback(json).status()).isEqualTo(200);
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feedback", Long.class)).isEqualTo(6);

    assertExact(http.analytics(""));

    try (ConfigurableApplicationContext second =
        new SpringApplicationBuilder(HematologyCdsApplication.class)
            .run(
                "--server.port=0",
                "--cds.security.enabled=false",
                "--spring.datasource.url=" + PostgresTestDatabase.url(schema),
                "--spring.datasource.username=" + PostgresTestDatabase.user(),
                "--spring.datasource.password=" + PostgresTestDatabase.password())) {
      int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
      assertExact(FeedbackHttp.onPort(secondPort).analytics(""));
    }
  }

  private static void assertExact(JsonNode analytics) {
    // The sample shows R01 and R04 (no ECG in 30 days); the feedback went to the R01 cards.
    assertThat(analytics.path("rules")).hasSize(2);
    JsonNode r01 = FeedbackHttp.rule(analytics, "R01", 1);
    assertThat(r01.path("shown").asLong()).isEqualTo(3);
    assertThat(r01.path("accepted").asLong()).isEqualTo(1);
    assertThat(r01.path("overridden").asLong()).isEqualTo(2);
    assertThat(r01.path("overrideRate").decimalValue()).isEqualByComparingTo("0.6667");
    assertThat(r01.path("overriddenWithoutReason").asLong()).isEqualTo(1);
    assertThat(r01.path("topOverrideReasons")).hasSize(1);
    assertThat(r01.path("topOverrideReasons").get(0).path("code").asString())
        .isEqualTo("hematologist-decision");
    assertThat(analytics.path("feedbackOnUnknownCards").asLong()).isEqualTo(3);
  }
}
