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

  @Test
  void anOriginNotAllowedIsAJson403AndGoesNoFurther() throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/cds-services/hematology-order-select");
    request.addHeader("Origin", "https://elsewhere.example");
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    filter.doFilter(request, response, chain);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("application/json");
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    JsonNode body = JsonMapper.builder().build().readTree(response.getContentAsString());
    assertThat(body.path("resourceType").asString()).isEqualTo("OperationOutcome");
    assertThat(body.path("issue").get(0).path("code").asString()).isEqualTo("forbidden");
    assertThat(body.path("issue").get(0).path("diagnostics").asString())
        .contains("cds.cors.allowed-origins");
    assertThat(chain.getRequest()).as("the request went no further").isNull();
  }

  @Test
  void anAllowedOriginPassesWithItsHeader() throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest("DELETE", "/cds-services/hematology-order-select");
    request.addHeader("Origin", "https://ehr.example");
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    filter.doFilter(request, response, chain);

    assertThat(chain.getRequest()).as("passed on (to its 405)").isNotNull();
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://ehr.example");
  }
}
