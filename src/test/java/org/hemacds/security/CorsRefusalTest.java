package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.hemacds.hooks.ErrorBodies;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the CORS filter refuses (an origin not allowed) is a JSON OperationOutcome 403. */
class CorsRefusalTest {

  private final CorsConfig config = new CorsConfig();
  private final CorsFilter filter =
      config
          .corsFilter(
              config.corsConfiguration(
                  new CorsProperties(List.of("https://ehr.example"), Duration.ofHours(1))),
              new ErrorBodies())
          .getFilter();

  private record Passed(MockHttpServletResponse response, MockFilterChain chain) {}

  private Passed send(String method, String origin) throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest(method, "/cds-services/hematology-order-select");
    request.addHeader("Origin", origin);
    Passed passed = new Passed(new MockHttpServletResponse(), new MockFilterChain());
    filter.doFilter(request, passed.response(), passed.chain());
    return passed;
  }

  @Test
  void anOriginNotAllowedIsAJson403AndGoesNoFurther() throws Exception {
    Passed passed = send("POST", "https://elsewhere.example");
    MockHttpServletResponse response = passed.response();

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("application/json");
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    JsonNode body = JsonMapper.builder().build().readTree(response.getContentAsString());
    assertThat(body.path("resourceType").asString()).isEqualTo("OperationOutcome");
    assertThat(body.path("issue").get(0).path("code").asString()).isEqualTo("forbidden");
    assertThat(body.path("issue").get(0).path("diagnostics").asString())
        .contains("cds.cors.allowed-origins");
    assertThat(passed.chain().getRequest()).as("the request went no further").isNull();
  }

  @Test
  void anAllowedOriginPassesWithItsHeader() throws Exception {
    Passed passed = send("DELETE", "https://ehr.example");

    assertThat(passed.chain().getRequest()).as("passed on (to its 405)").isNotNull();
    assertThat(passed.response().getHeader("Access-Control-Allow-Origin"))
        .isEqualTo("https://ehr.example");
  }
}
