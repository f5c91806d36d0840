package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The verifier without HTTP: which check refuses what. */
class CdsJwtVerifierTest {

  /**
   * The spec's example public key (CDS Hooks 2.0.1 §JWT Signing Algorithm, CC-BY-4.0, © HL7 and
   * Boston Children's Hospital). Public key only.
   */
  static final String SPEC_JWKS =
      """
      {"keys": [{"kty": "EC", "use": "sig", "crv": "P-384", "kid": "example-kid",
        "x": "46SDH7Znh821wblCBglA61sNE9ZrHYKKt3qRtRTmSXyOI_FIGBLWrWa0GPUkDCEk",
        "y": "XMcRuuoGW7CXjQdy-F5i3FeBE0x9hPLdeFdSoDd3ELmx404tLX0VRRcqzAsPhXcI",
        "alg": "ES384"}]}
      """;

  @TempDir Path dir;

  private CdsJwtVerifier verifierTrustingTheSpecIssuer() throws Exception {
    Path jwks = Files.writeString(dir.resolve("spec-jwks.json"), SPEC_JWKS);
    SecurityProperties properties =
        new SecurityProperties(
            true,
            List.of(
                new SecurityProperties.Issuer(
                    "https://fhir-ehr.example.com/",
                    jwks.toUri().toString(),
                    "https://fhir-ehr.example.com/jwk_uri")),
            java.time.Duration.ofSeconds(60),
            SecurityProperties.ReplayStore.MEMORY,
            1000,
            new SecurityProperties.Jwks(
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofMinutes(10)));
    TrustedIssuers issuers =
        new TrustedIssuers(
            properties, new StaticListableBeanFactory().getBeanProvider(LocalTokenIssuer.class));
    return new CdsJwtVerifier(issuers, new InMemoryReplayCache(1000), properties);
  }

  @Test
  void specExampleTokenVerifiesButIsExpiredEvenWhenItsIssuerIsTrusted() throws Exception {
    CdsJwtVerifier verifier = verifierTrustingTheSpecIssuer();
    assertThatThrownBy(
            () ->
                verifier.verify(
                    CdsJwtAuthenticationTest.SPEC_EXAMPLE_TOKEN,
                    List.of("https://cds.example.org/cds-services/some-service")))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessage("expired");
  }

  @Test
  void specExampleTokenForAnotherAudienceFailsOnAud() throws Exception {
    CdsJwtVerifier verifier = verifierTrustingTheSpecIssuer();
    assertThatThrownBy(
            () ->
                verifier.verify(
                    CdsJwtAuthenticationTest.SPEC_EXAMPLE_TOKEN,
                    List.of("http://localhost:8080/cds-services/some-service")))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("aud");
  }
}
