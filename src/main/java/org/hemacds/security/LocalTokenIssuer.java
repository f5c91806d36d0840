package org.hemacds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo page's own EHR identity. At startup it makes an EC P-384 key pair that lives only in
 * this process's memory (never written anywhere), and this process alone trusts it as issuer
 * {@value #ISSUER}. It mints short-lived ES384 tokens for calls to this service. Exists only while
 * {@code cds.demo.enabled} is true (the default).
 */
@Component
@ConditionalOnProperty(name = "cds.demo.enabled", havingValue = "true", matchIfMissing = true)
public class LocalTokenIssuer {

  /** The {@code iss} of demo tokens; no other deployment can hold this process's key. */
  public static final String ISSUER = "urn:hemacds:demo-ehr";

  static final Duration LIFETIME = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(LocalTokenIssuer.class);

  private final JWSSigner signer;
  private final JWKSet publicKeys;
  private final String kid;

  public LocalTokenIssuer() throws JOSEException {
    ECKey pair =
        new ECKeyGenerator(Curve.P_384)
            .keyID("demo-" + UUID.randomUUID())
            .algorithm(JWSAlgorithm.ES384)
            .keyUse(KeyUse.SIGNATURE)
            .generate();
    this.signer = new ECDSASigner(pair);
    this.publicKeys = new JWKSet(pair.toPublicJWK());
    this.kid = pair.getKeyID();
    log.info(
        "Demo issuer {} trusted with an ephemeral P-384 key made at startup (cds.demo.enabled)",
        ISSUER);
  }

  public String issuer() {
    return ISSUER;
  }

  /** A token for one call to {@code audience}: ES384, 60 s, fresh {@code jti}. */
  public String mint(String audience) {
    Instant now = Instant.now();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT).keyID(kid).build();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign a demo token", e);
    }
    return jwt.serialize();
  }

  JWKSet publicKeys() {
    return publicKeys;
  }
}
