package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every way a CDS Hooks JWT can be wrong gets a bare 401; every valid token gets through. */
class CdsJwtAuthenticationTest extends SecuredServiceTest {

  /** The spec's example (2.0.1 §JWT Signing Algorithm): long expired, from an untrusted issuer. */
  static final String SPEC_EXAMPLE_TOKEN =
      "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6ImV4YW1wbGUta2lkIiwiamt1IjoiaHR0cHM6Ly9maGlyLWVoci5leGFtcGxlLmNvbS9qd2tfdXJpIn0"
          + ".eyJpc3MiOiJodHRwczovL2ZoaXItZWhyLmV4YW1wbGUuY29tLyIsImF1ZCI6Imh0dHBzOi8vY2RzLmV4YW1wbGUub3JnL2Nkcy1zZXJ2aWNlcy9zb21lLXNlcnZpY2UiLCJleHAiOjE0MjI1Njg4NjAsImlhdCI6MTMxMTI4MDk3MCwianRpIjoiZWUyMmIwMjEtZTFiNy00NjExLWJhNWItOGVlYzZhMzNhYzFlIiwidGVuYW50IjoiMmRkZDZjM2EtOGU5YS00NGM2LWEzMDUtNTIxMTFhZDMwMmEyIn0"
          + ".d1WfLjGRKlcWB94l9do4cM8REXeYJLL6SGUBO8VHZhfM8mwKYP70EMxJ67War4TQblEpaQrp11wx5p7oPFm2ETYgCicS84vXWEIYTdjooZdooCSDf2L8-i4awdoUwiEb";

  final TestIssuers issuers = TestIssuers.get();

  // ---- accepted ----

  @Test
  void es384TokenFromTrustedIssuerGetsCards() {
    HttpResponse<String> response =
        callOrderSelect(TestIssuers.token(issuers.aEc, TestIssuers.A, serviceUrl(ORDER_SELECT)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().replace(" ", "")).isEqualTo("{\"cards\":[]}");
  }

  @Test
  void rs384TokenFromTrustedIssuerGetsCards() {
    HttpResponse<String> response =
        callOrderSelect(TestIssuers.token(issuers.aRsa, TestIssuers.A, serviceUrl(ORDER_SELECT)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().replace(" ", "")).isEqualTo("{\"cards\":[]}");
  }

  @Test
  void otherAllowedAsymmetricAlgorithmsAreAccepted() {
    for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.PS512)) {
      String token =
          TestIssuers.token(
              issuers.aRsaNoAlg,
              alg,
              h -> {},
              c -> c.issuer(TestIssuers.A).audience(serviceUrl(ORDER_SELECT)));
      assertThat(callOrderSelect(token).statusCode()).as(alg.getName()).isEqualTo(200);
    }
  }

  @Test
  void keysFromAFileJwksAreAccepted() {
    String token = TestIssuers.token(issuers.fileEc, TestIssuers.FILE, serviceUrl(ORDER_SELECT));
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
  }

  @Test
  void baseUrlAsAudIsAccepted() {
    String token = TestIssuers.token(issuers.aEc, TestIssuers.A, base());
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
  }

  @Test
  void audArrayContainingTheCalledUrlIsAccepted() {
    String token =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c ->
                c.issuer(TestIssuers.A)
                    .audience(List.of("https://elsewhere.example.org", serviceUrl(ORDER_SELECT))));
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
  }

  @Test
  void configuredJkuIsAcceptedAndNeverFetched() {
    int before = issuers.aFetches.get();
    String token =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> h.jwkURL(URI.create(TestIssuers.A_JKU)),
            c -> c.issuer(TestIssuers.A).audience(serviceUrl(ORDER_SELECT)));
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
    assertThat(issuers.aFetches.get() - before).isLessThanOrEqualTo(1); // only the jwks-uri
  }

  @Test
  void expiryWithinTheClockSkewIsTolerated() {
    Instant now = Instant.now();
    String token =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c ->
                c.issuer(TestIssuers.A)
                    .audience(serviceUrl(ORDER_SELECT))
                    .issueTime(Date.from(now.minusSeconds(300).plusSeconds(30)))
                    .expirationTime(Date.from(now.minusSeconds(20))));
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
  }

  @Test
  void subAndTenantAreNeitherRequiredNorInTheWay() {
    String token =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c ->
                c.issuer(TestIssuers.A)
                    .audience(serviceUrl(ORDER_SELECT))
                    .subject("some-client")
                    .claim("tenant", "org-1"));
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
  }

  // ---- rejected ----

  @TestFactory
  Stream<DynamicTest> everyInvalidTokenGetsABare401() {
    String aud = serviceUrl(ORDER_SELECT);
    Map<String, Supplier<String>> authorizations = new LinkedHashMap<>();
    authorizations.put("no Authorization header", () -> null);
    authorizations.put("Basic instead of Bearer", () -> "Basic dXNlcjpwYXNz");
    authorizations.put("empty Bearer", () -> "Bearer ");
    authorizations.put("malformed token", () -> "Bearer not-a-jwt");
    authorizations.put("three garbage parts", () -> "Bearer aaa.bbb.ccc");
    authorizations.put("spec example token", () -> "Bearer " + SPEC_EXAMPLE_TOKEN);
    authorizations.put("alg none", () -> "Bearer " + unsecured(aud));
    authorizations.put(
        "HS256 with the EC public key as secret",
        () -> "Bearer " + hmac(JWSAlgorithm.HS256, issuers.aEc.toPublicJWK().toJSONString(), aud));
    authorizations.put(
        "HS256 with the RSA public key as secret",
        () ->
            "Bearer "
                + hmac(
                    JWSAlgorithm.HS256, issuers.aRsa.toPublicJWK().toJSONString(), aud, "a-rs384"));
    authorizations.put(
        "HS512 with the EC public key as secret",
        () -> "Bearer " + hmac(JWSAlgorithm.HS512, issuers.aEc.toPublicJWK().toJSONString(), aud));
    authorizations.put(
        "expired",
        () ->
            bearer(
                c ->
                    c.audience(aud)
                        .issueTime(ago(600))
                        .expirationTime(ago(120)))); // beyond the 60 s skew
    authorizations.put(
        "iat in the future",
        () -> bearer(c -> c.audience(aud).issueTime(inFuture(300)).expirationTime(inFuture(600))));
    authorizations.put(
        "nbf in the future", () -> bearer(c -> c.audience(aud).notBeforeTime(inFuture(300))));
    authorizations.put(
        "wrong aud", () -> bearer(c -> c.audience("https://other.example.org/cds-services/x")));
    authorizations.put(
        "aud of the base with a trailing slash", () -> bearer(c -> c.audience(base() + "/")));
    authorizations.put(
        "aud of the called URL with an upper-case scheme",
        () -> bearer(c -> c.audience(aud.replaceFirst("^http:", "HTTP:"))));
    authorizations.put(
        "aud of the called URL with a trailing slash", () -> bearer(c -> c.audience(aud + "/")));
    authorizations.put(
        "aud of another service of ours",
        () -> bearer(c -> c.audience(serviceUrl("hematology-order-sign"))));
    authorizations.put(
        "aud array without our URL",
        () ->
            bearer(
                c ->
                    c.audience(
                        List.of("https://a.example.org", "https://b.example.org/cds-services"))));
    authorizations.put(
        "untrusted iss",
        () ->
            "Bearer " + TestIssuers.token(TestIssuers.ec("evil"), "https://evil.example.org", aud));
    authorizations.put(
        "untrusted iss signed with a trusted key",
        () -> "Bearer " + TestIssuers.token(issuers.aEc, "https://evil.example.org", aud));
    authorizations.put(
        "foreign jku",
        () ->
            bearer(
                h -> h.jwkURL(URI.create(issuers.url("/foreign/jwks.json"))),
                c -> c.audience(aud)));
    authorizations.put(
        "jku equal to the jwks-uri when another jku is configured",
        () -> bearer(h -> h.jwkURL(URI.create(issuers.url("/a/jwks.json"))), c -> c.audience(aud)));
    authorizations.put(
        "unknown kid", () -> bearer(h -> h.keyID("no-such-kid"), c -> c.audience(aud)));
    authorizations.put("missing kid", () -> bearer(h -> h.keyID(null), c -> c.audience(aud)));
    authorizations.put(
        "typ JOSE", () -> bearer(h -> h.type(JOSEObjectType.JOSE), c -> c.audience(aud)));
    authorizations.put("typ missing", () -> bearer(h -> h.type(null), c -> c.audience(aud)));
    authorizations.put("tampered signature", () -> "Bearer " + tamperSignature(valid(aud)));
    authorizations.put("tampered payload", () -> "Bearer " + swapPayload(valid(aud), aud));
    authorizations.put(
        "signed by another key under a trusted kid",
        () ->
            "Bearer "
                + TestIssuers.token(TestIssuers.ec(issuers.aEc.getKeyID()), TestIssuers.A, aud));
    authorizations.put(
        "RS384 naming the kid of an EC key",
        () ->
            "Bearer "
                + TestIssuers.token(
                    issuers.aRsa,
                    JWSAlgorithm.RS384,
                    h -> h.keyID(issuers.aEc.getKeyID()),
                    c -> c.issuer(TestIssuers.A).audience(aud)));
    authorizations.put(
        "RS256 with a key published for RS384 only",
        () ->
            "Bearer "
                + TestIssuers.token(
                    issuers.aRsa,
                    JWSAlgorithm.RS256,
                    h -> {},
                    c -> c.issuer(TestIssuers.A).audience(aud)));
    authorizations.put("missing iss", () -> bearer(c -> c.audience(aud).issuer(null)));
    authorizations.put("missing aud", () -> bearer(c -> c.audience((String) null)));
    authorizations.put("missing exp", () -> bearer(c -> c.audience(aud).expirationTime(null)));
    authorizations.put("missing iat", () -> bearer(c -> c.audience(aud).issueTime(null)));
    authorizations.put("missing jti", () -> bearer(c -> c.audience(aud).jwtID(null)));

    String reference = unauthorizedBody();
    return authorizations.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey(),
                    () -> {
                      HttpResponse<String> response =
                          callWithAuthorization(serviceUrl(ORDER_SELECT), entry.getValue().get());
                      assertBare401(response);
                      assertThat(response.body()).isEqualTo(reference);
                    }));
  }

  @Test
  void foreignJkuIsNeverFetched() {
    String aud = serviceUrl(ORDER_SELECT);
    callWithAuthorization(
        aud,
        bearer(h -> h.jwkURL(URI.create(issuers.url("/foreign/jwks.json"))), c -> c.audience(aud)));
    assertThat(issuers.foreignJkuFetches.get()).isZero();
  }

  @Test
  void replayedJtiGets401() {
    String token = TestIssuers.token(issuers.aEc, TestIssuers.A, serviceUrl(ORDER_SELECT));
    assertThat(callOrderSelect(token).statusCode()).isEqualTo(200);
    assertBare401(callOrderSelect(token));

    // The same jti in a freshly signed token is a replay too.
    String jti = UUID.randomUUID().toString();
    String first =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c -> c.issuer(TestIssuers.A).audience(serviceUrl(ORDER_SELECT)).jwtID(jti));
    String second =
        TestIssuers.token(
            issuers.aRsa,
            JWSAlgorithm.RS384,
            h -> {},
            c -> c.issuer(TestIssuers.A).audience(serviceUrl(ORDER_SELECT)).jwtID(jti));
    assertThat(callOrderSelect(first).statusCode()).isEqualTo(200);
    assertBare401(callOrderSelect(second));
  }

  @Test
  void aTokenRefusedForAnotherReasonDoesNotUseUpItsJti() {
    String jti = UUID.randomUUID().toString();
    String wrongAud =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c -> c.issuer(TestIssuers.A).audience("https://other.example.org").jwtID(jti));
    assertBare401(callOrderSelect(wrongAud));
    String right =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c -> c.issuer(TestIssuers.A).audience(serviceUrl(ORDER_SELECT)).jwtID(jti));
    assertThat(callOrderSelect(right).statusCode()).isEqualTo(200);
  }

  // ---- feedback, discovery, preflight, CORS ----

  @Test
  void feedbackNeedsAToken() {
    String url = serviceUrl(ORDER_SELECT) + "/feedback";
    assertBare401(post(url, null, "{\"feedback\": []}"));
    String token = TestIssuers.token(issuers.aEc, TestIssuers.A, url);
    assertThat(post(url, token, "{\"feedback\": []}").statusCode()).isNotEqualTo(401);
  }

  @Test
  void unknownServiceIdNeedsATokenBeforeAnythingElse() {
    assertBare401(post(serviceUrl("no-such-service"), null, orderSelectBody("x")));
  }

  @Test
  void discoveryIsOpenWithOrWithoutAToken() {
    String url = base() + "/cds-services";
    String valid = TestIssuers.token(issuers.aEc, TestIssuers.A, url);
    for (String authorization :
        new String[] {null, "Bearer " + valid, "Bearer " + valid, "Bearer garbage", "Basic x"}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response = send(request.build());
      assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(200);
      assertThat(response.body()).contains("\"services\"");
    }
  }

  @Test
  void usageRequirementsSayCallsNeedAJwt() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(base() + "/cds-services")).GET().build());
    assertThat(response.body()).contains("Calls need a CDS Hooks JWT from a trusted issuer.");
  }

  @Test
  void preflightNeedsNoToken() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(serviceUrl(ORDER_SELECT)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://sandbox.cds-hooks.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .containsIgnoringCase("authorization");
  }

  @Test
  void plainOptionsNeedsNoToken() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(serviceUrl(ORDER_SELECT)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).isNotEqualTo(401);
  }

  @Test
  void unauthorizedCarriesCorsHeaders() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(serviceUrl(ORDER_SELECT)))
                .header("Origin", "https://sandbox.cds-hooks.org")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(orderSelectBody("x")))
                .build());
    assertBare401(response);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
  }

  // ---- helpers ----

  private String unauthorizedBody() {
    HttpResponse<String> response = callWithAuthorization(serviceUrl(ORDER_SELECT), null);
    assertBare401(response);
    return response.body();
  }

  static void assertBare401(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    String body = response.body();
    assertThat(body.isEmpty() || body.contains("\"Unauthorized\"")).as(body).isTrue();
    assertThat(body.toLowerCase())
        .doesNotContain(
            "expire", "audience", "issuer", "signature", "kid", "jku", "alg", "replay", "jti");
  }

  HttpResponse<String> callWithAuthorization(String url, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(orderSelectBody("pat-1")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  private String valid(String aud) {
    return TestIssuers.token(issuers.aEc, TestIssuers.A, aud);
  }

  private String bearer(java.util.function.Consumer<JWTClaimsSet.Builder> claims) {
    return bearer(h -> {}, claims);
  }

  private String bearer(
      java.util.function.Consumer<JWSHeader.Builder> header,
      java.util.function.Consumer<JWTClaimsSet.Builder> claims) {
    return "Bearer "
        + TestIssuers.token(
            issuers.aEc, JWSAlgorithm.ES384, header, c -> claims.accept(c.issuer(TestIssuers.A)));
  }

  private static Date ago(long seconds) {
    return Date.from(Instant.now().minusSeconds(seconds));
  }

  private static Date inFuture(long seconds) {
    return Date.from(Instant.now().plusSeconds(seconds));
  }

  private static JWTClaimsSet validClaims(String aud) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(TestIssuers.A)
        .audience(aud)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString())
        .build();
  }

  private static String unsecured(String aud) {
    PlainHeader header = new PlainHeader.Builder().type(JOSEObjectType.JWT).build();
    return new PlainJWT(header, validClaims(aud)).serialize();
  }

  private String hmac(JWSAlgorithm alg, String secret, String aud) {
    return hmac(alg, secret, aud, issuers.aEc.getKeyID());
  }

  private static String hmac(JWSAlgorithm alg, String secret, String aud, String kid) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(),
            validClaims(aud));
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static String tamperSignature(String token) {
    int dot = token.lastIndexOf('.');
    char[] chars = token.toCharArray();
    int i = dot + 10;
    chars[i] = chars[i] == 'A' ? 'B' : 'A';
    return new String(chars);
  }

  /** Header and signature of a valid token around the payload of another (other aud). */
  private String swapPayload(String token, String aud) {
    String other =
        TestIssuers.token(
            issuers.aEc,
            JWSAlgorithm.ES384,
            h -> {},
            c -> c.issuer(TestIssuers.A).audience(aud).subject("someone-else"));
    String[] a = token.split("\\.");
    String[] b = other.split("\\.");
    return a[0] + "." + b[1] + "." + a[2];
  }
}
