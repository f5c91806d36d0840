package org.hemacds.security;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hemacds.fuzz.Choices;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Fuzzes {@link CdsJwtVerifier}: random tokens, and tokens whose header and claims are fuzzed but
 * which are signed with a trusted key (so that every check after the signature is reached: aud,
 * exp, iat, nbf, jti). The verifier may accept or throw its own {@link TokenRejectedException};
 * anything else would escape the JWT filter as a 500.
 */
class JwtFuzzTest {

  static final String ISS = "https://ehr.fuzz.example.org";
  static final String KID = "fuzz-es384";
  static final String CALLED = "http://localhost:8080/cds-services/hematology-order-select";
  static final List<String> AUDIENCES = List.of(CALLED, "http://localhost:8080");

  private static CdsJwtVerifier verifier;
  private static ECDSASigner signer;

  static synchronized CdsJwtVerifier verifier() {
    if (verifier == null) {
      try {
        ECKey key = TestIssuers.ec(KID);
        signer = new ECDSASigner(key);
        Path jwks = Files.createTempFile("fuzz-jwks", ".json");
        jwks.toFile().deleteOnExit();
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        SecurityProperties properties =
            new SecurityProperties(
                true,
                List.of(new SecurityProperties.Issuer(ISS, jwks.toUri().toString(), null)),
                Duration.ofSeconds(60),
                SecurityProperties.ReplayStore.MEMORY,
                10_000,
                new SecurityProperties.Jwks(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(10)));
        TrustedIssuers issuers =
            new TrustedIssuers(
                properties,
                new StaticListableBeanFactory().getBeanProvider(LocalTokenIssuer.class));
        verifier = new CdsJwtVerifier(issuers, new InMemoryReplayCache(10_000), properties);
      } catch (IOException | JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
    return verifier;
  }

  /** Verifies; only acceptance or the verifier's own rejection are allowed outcomes. */
  static boolean verify(String token) {
    try {
      verifier().verify(token, AUDIENCES);
      return true;
    } catch (TokenRejectedException e) {
      return false; // the expected refusal
    }
  }

  /** Any text as the bearer token. */
  @FuzzTest(maxDuration = "5m")
  void rawToken(byte[] token) {
    verify(new String(token, StandardCharsets.UTF_8));
  }

  /** A header and claims made of fuzzed JSON, signed with the trusted key. */
  @FuzzTest(maxDuration = "5m")
  void signedToken(FuzzedDataProvider data) {
    verify(signedToken(Choices.of(data)));
  }

  /**
   * A compact JWS over fuzzed header and payload bytes, with a valid ES384 signature by the trusted
   * key: mostly well-formed JSON with fuzzed claim values, sometimes raw fuzz.
   */
  static String signedToken(Choices choices) {
    verifier();
    String header = choices.pick(8) == 0 ? choices.anyString(200) : JwtParts.header(choices, KID);
    String claims =
        choices.pick(8) == 0
            ? choices.anyString(400)
            : JwtParts.claims(choices, ISS, CALLED, Instant.now());
    String signingInput =
        Base64URL.encode(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Base64URL signature =
          signer.sign(
              new JWSHeader(JWSAlgorithm.ES384), signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + signature;
    } catch (JOSEException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
