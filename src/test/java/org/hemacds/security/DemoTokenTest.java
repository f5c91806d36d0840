package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hemacds.hooks.EndpointProperties;
import org.hemacds.hooks.PublicBaseUrl;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The demo page's tokens: minted in process, trusted by this process only, for loopback callers.
 */
class DemoTokenTest extends SecuredServiceTest {

  private HttpResponse<String> requestToken(String body, String headerName, String headerValue) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + "/demo/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headerName != null) {
      request.header(headerName, headerValue);
    }
    return send(request.build());
  }

  private static String tokenOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1").strip();
  }

  @Test
  void demoTokenCallsTheServiceOnce() throws Exception {
    String aud = serviceUrl(ORDER_SELECT);
    HttpResponse<String> response = requestToken("{\"aud\": \"" + aud + "\"}", null, null);
    assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    assertThat(response.body()).contains("\"expiresIn\":60");
    String token = tokenOf(response);

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(LocalTokenIssuer.ISSUER);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(aud);
    assertThat(
            jwt.getJWTClaimsSet().getExpirationTime().getTime()
                - jwt.getJWTClaimsSet().getIssueTime().getTime())
        .isEqualTo(60_000);

    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
    CdsJwtAuthenticationTest.assertBare401(callOrderSelect(token));
  }

  @Test
  void eachDemoTokenHasItsOwnJti() throws Exception {
    String body = "{\"aud\": \"" + serviceUrl(ORDER_SELECT) + "\"}";
    String first = tokenOf(requestToken(body, null, null));
    String second = tokenOf(requestToken(body, null, null));
    assertThat(SignedJWT.parse(first).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(second).getJWTClaimsSet().getJWTID());
  }

  @Test
  void demoTokensOfAnotherProcessAreRefused() throws Exception {
    String token = new LocalTokenIssuer().mint(serviceUrl(ORDER_SELECT));
    CdsJwtAuthenticationTest.assertBare401(callOrderSelect(token));
  }

  @Test
  void demoTokenForAnotherServiceIsRefused() {
    String token =
        tokenOf(
            requestToken(
                "{\"aud\": \"" + serviceUrl("hematology-patient-view") + "\"}", null, null));
    CdsJwtAuthenticationTest.assertBare401(callOrderSelect(token));
  }

  @Test
  void sameOriginPageGetsATokenForeignOriginDoesNot() {
    String body = "{\"aud\": \"" + serviceUrl(ORDER_SELECT) + "\"}";
    assertThat(requestToken(body, "Origin", base()).statusCode()).isEqualTo(200);
    assertThat(requestToken(body, "Origin", "https://evil.example.org").statusCode())
        .isEqualTo(403);
    assertThat(requestToken(body, "Origin", "null").statusCode()).isEqualTo(403);
  }

  @Test
  void callersThroughAProxyGetNoToken() {
    String body = "{\"aud\": \"" + serviceUrl(ORDER_SELECT) + "\"}";
    assertThat(requestToken(body, "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(403);
    assertThat(requestToken(body, "Forwarded", "for=203.0.113.9").statusCode()).isEqualTo(403);
  }

  @Test
  void audMustBeAnHttpUrl() {
    assertThat(requestToken("{}", null, null).statusCode()).isEqualTo(400);
    assertThat(requestToken("{\"aud\": \"urn:x\"}", null, null).statusCode()).isEqualTo(400);
    assertThat(requestToken("{\"aud\": 5}", null, null).statusCode()).isEqualTo(400);
    assertThat(requestToken("not json", null, null).statusCode()).isEqualTo(400);
  }

  /** Demo on, remote token requests not allowed, base URL taken from each request. */
  private static DemoTokenController localOnlyController() throws Exception {
    return new DemoTokenController(
        new LocalTokenIssuer(),
        new DemoTokenProperties(true, false),
        new PublicBaseUrl(new EndpointProperties(null)));
  }

  @Test
  void remoteCallersAreRefusedUnlessAllowed() throws Exception {
    DemoTokenController controller = localOnlyController();
    MockHttpServletRequest remote = new MockHttpServletRequest("POST", "/demo/token");
    remote.setRemoteAddr("192.0.2.10");
    assertThat(controller.isLocalSameOriginCaller(remote)).isFalse();
    MockHttpServletRequest local = new MockHttpServletRequest("POST", "/demo/token");
    local.setRemoteAddr("127.0.0.1");
    assertThat(controller.isLocalSameOriginCaller(local)).isTrue();
    local.setRemoteAddr("0:0:0:0:0:0:0:1");
    assertThat(controller.isLocalSameOriginCaller(local)).isTrue();
    local.setRemoteAddr("localhost");
    assertThat(controller.isLocalSameOriginCaller(local)).as("names are not resolved").isFalse();
  }

  @Test
  void aForeignHostNameOnThisMachineGetsNoToken() throws Exception {
    // DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1 asks with its
    // own Host and Origin, which agree with each other; the aud it would get matches that Host.
    DemoTokenController controller = localOnlyController();
    MockHttpServletRequest rebound = new MockHttpServletRequest("POST", "/demo/token");
    rebound.setRemoteAddr("127.0.0.1");
    rebound.setServerName("attacker.example");
    rebound.setServerPort(8080);
    rebound.addHeader("Origin", "http://attacker.example:8080");
    assertThat(controller.isLocalSameOriginCaller(rebound)).isFalse();
    MockHttpServletRequest page = new MockHttpServletRequest("POST", "/demo/token");
    page.setRemoteAddr("127.0.0.1");
    page.setServerName("127.0.0.1");
    page.setServerPort(8080);
    page.addHeader("Origin", "http://127.0.0.1:8080");
    assertThat(controller.isLocalSameOriginCaller(page)).as("the demo page itself").isTrue();
  }
}
