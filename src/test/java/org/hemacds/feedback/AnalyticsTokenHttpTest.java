package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With {@code cds.admin.token} set, the analytics data need that bearer token; the page not. */
@FeedbackServerTest
@TestPropertySource(properties = "cds.admin.token=" + AnalyticsTokenHttpTest.TOKEN)
class AnalyticsTokenHttpTest {

  static final String TOKEN = "s3cret-analytics-token-0123456789";

  @LocalServerPort int port;
  private FeedbackHttp http;

  @BeforeEach
  void client() {
    http = FeedbackHttp.onPort(port);
  }

  @Test
  void noTokenIs401WithAChallenge() {
    FeedbackHttp.Reply reply = http.get("/analytics/rules");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(reply.issueCode()).isEqualTo("login");
    assertThat(reply.body()).doesNotContain(TOKEN);
  }

  @Test
  void aWrongTokenIs401() {
    for (String value :
        new String[] {
          "Bearer wrong",
          "Bearer " + TOKEN + "x",
          "Bearer " + TOKEN.substring(1),
          "Basic " + TOKEN,
          TOKEN,
          "Bearer"
        }) {
      FeedbackHttp.Reply reply =
          http.send(http.request("/analytics/rules").header("Authorization", value));
      assertThat(reply.status()).as(value).isEqualTo(401);
    }
  }

  @Test
  void theTokenOpensTheData() {
    FeedbackHttp.Reply reply =
        http.send(http.request("/analytics/rules").header("Authorization", "Bearer " + TOKEN));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("rules").isArray()).isTrue();
    assertThat(reply.header("Cache-Control")).contains("no-store");
    assertThat(
            http.send(http.request("/analytics/rules").header("Authorization", "bearer " + TOKEN))
                .status())
        .as("the scheme is case-insensitive")
        .isEqualTo(200);
  }

  @Test
  void theTokenAlsoWorksThroughAProxy() {
    FeedbackHttp.Reply reply =
        http.send(
            http.request("/analytics/rules")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Forwarded-For", "203.0.113.9"));
    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void thePageAndItsScriptsHoldNoDataAndNeedNoToken() {
    assertThat(http.get("/analytics").status()).isEqualTo(200);
    assertThat(http.get("/analytics/assets/analytics.js").status()).isEqualTo(200);
    assertThat(http.get("/analytics/assets/chart.umd.js").status()).isEqualTo(200);
  }

  @Test
  void feedbackItselfIsNotBehindTheAdminToken() {
    FeedbackHttp.Reply reply =
        http.feedback(
            FeedbackHttp.body(FeedbackHttp.overridden("token-test-" + System.nanoTime()))
                .toString());
    assertThat(reply.status()).isEqualTo(200);
  }
}
