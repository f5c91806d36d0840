package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.hemacds.hooks.EndpointProperties;
import org.hemacds.hooks.PublicBaseUrl;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which requests need a token, the base URL they are checked against, and log hygiene rules. */
class RequestRulesTest {

  private static MockHttpServletRequest request(String method, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setServletPath(path);
    return request;
  }

  @Test
  void serviceAndFeedbackCallsNeedATokenDiscoveryAndPreflightDoNot() {
    assertThat(CdsJwtFilter.requiresToken(request("POST", "/cds-services/x"))).isTrue();
    assertThat(CdsJwtFilter.requiresToken(request("POST", "/cds-services/x/feedback"))).isTrue();
    assertThat(CdsJwtFilter.requiresToken(request("GET", "/cds-services/x"))).isTrue();
    assertThat(CdsJwtFilter.requiresToken(request("POST", "/CDS-Services/x"))).isTrue();
    assertThat(CdsJwtFilter.requiresToken(request("POST", "//cds-services//x"))).isTrue();
    assertThat(CdsJwtFilter.requiresToken(request("POST", "/cds-services"))).isTrue();
    assertThat(CdsJwtFilter.requiresToken(request("GET", "/cds-services"))).isFalse();
    assertThat(CdsJwtFilter.requiresToken(request("HEAD", "/cds-services"))).isFalse();
    assertThat(CdsJwtFilter.requiresToken(request("OPTIONS", "/cds-services/x"))).isFalse();
    assertThat(CdsJwtFilter.requiresToken(request("GET", "/actuator/health"))).isFalse();
    assertThat(CdsJwtFilter.requiresToken(request("POST", "/demo/token"))).isFalse();
    assertThat(CdsJwtFilter.requiresToken(request("GET", "/analytics/rules"))).isFalse();
  }

  @Test
  void baseUrlIsConfiguredOrDerivedFromTheRequest() {
    MockHttpServletRequest request = request("POST", "/cds-services/x");
    request.setScheme("https");
    request.setServerName("cds.internal");
    request.setServerPort(443);
    request.setRequestURI("/cds-services/x");
    PublicBaseUrl derived = new PublicBaseUrl(new EndpointProperties(null));
    assertThat(derived.of(request)).isEqualTo("https://cds.internal");
    assertThat(derived.calledUrl(request)).isEqualTo("https://cds.internal/cds-services/x");

    request.setServerPort(8443);
    assertThat(derived.of(request)).isEqualTo("https://cds.internal:8443");

    request.setScheme("http");
    request.setServerName("::1");
    request.setServerPort(8080);
    assertThat(derived.of(request)).isEqualTo("http://[::1]:8080");

    PublicBaseUrl configured =
        new PublicBaseUrl(new EndpointProperties("https://cds.example.org/hema/"));
    assertThat(configured.of(request)).isEqualTo("https://cds.example.org/hema");
    assertThat(configured.calledUrl(request))
        .isEqualTo("https://cds.example.org/hema/cds-services/x");
  }

  @Test
  void secretShapesAreRecognisedInLogText() {
    String jwt = TestIssuers.token(TestIssuers.ec("k"), "https://i.example.org", "https://a");
    assertThat(SecretLogFilter.holdsSecret("token " + jwt)).isTrue();
    assertThat(SecretLogFilter.holdsSecret("Authorization: Bearer abcdefghijklmnopqrstu")).isTrue();
    assertThat(SecretLogFilter.holdsSecret("401 for POST /cds-services/x: expired")).isFalse();
    assertThat(SecretLogFilter.holdsSecret("Authorization header is not a Bearer token")).isFalse();
    assertThat(SecretLogFilter.isWireLogger("org.apache.coyote.http11.Http11InputBuffer")).isTrue();
    assertThat(SecretLogFilter.isWireLogger("org.apache.coyote.http2.Stream")).isTrue();
    assertThat(SecretLogFilter.isWireLogger("org.hemacds.security.CdsJwtFilter")).isFalse();
  }
}
