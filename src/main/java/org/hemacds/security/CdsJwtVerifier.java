package org.hemacds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hemacds.hooks.CdsException;
import org.springframework.stereotype.Component;

/**
 * Verifies a CDS Hooks 2.0 client JWT, in the order of the spec's "Trusting CDS Clients": form and
 * {@code typ}, algorithm allow-list, trusted {@code iss}, allowed {@code jku}, {@code kid} and
 * signature, {@code aud}, {@code exp}/{@code iat}, and last the {@code jti} replay check (so that a
 * token failing any other check never fills the replay cache). Parsing and signature checks are
 * Nimbus JOSE+JWT's.
 */
@Component
class CdsJwtVerifier {

  /** Asymmetric algorithms only: never {@code none}, never HMAC. */
  static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512);

  private static final int MIN_RSA_BITS = 2048;

  private final TrustedIssuers issuers;
  private final ReplayCache replayCache;
  private final Duration clockSkew;
  private final Clock clock = Clock.systemUTC();

  CdsJwtVerifier(TrustedIssuers issuers, ReplayCache replayCache, SecurityProperties properties) {
    this.issuers = issuers;
    this.replayCache = replayCache;
    this.clockSkew = properties.clockSkew();
  }

  /**
   * @param token the compact JWS from the {@code Authorization} header
   * @param audiences URLs {@code aud} may name (the called URL and the base URL)
   * @return the verified caller
   * @throws TokenRejectedException naming the failed check (for the debug log only)
   */
  CdsCaller verify(String token, Collection<String> audiences) throws TokenRejectedException {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new TokenRejectedException("not a signed JWT in compact form");
    }
    JWSHeader header = jwt.getHeader();
    if (!JOSEObjectType.JWT.equals(header.getType())) {
      throw new TokenRejectedException("typ header is not JWT");
    }
    JWSAlgorithm alg = header.getAlgorithm();
    if (!ALLOWED_ALGORITHMS.contains(alg)) {
      throw new TokenRejectedException("alg " + safe(alg.getName()) + " is not allowed");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenRejectedException("payload is not a valid JWT claims set");
    }

    String iss = claims.getIssuer();
    if (iss == null) {
      throw new TokenRejectedException("no iss claim");
    }
    TrustedIssuers.TrustedIssuer issuer =
        issuers
            .find(iss)
            .orElseThrow(
                () -> new TokenRejectedException("iss '" + safe(iss) + "' is not trusted"));
    if (header.getJWKURL() != null && !header.getJWKURL().toString().equals(issuer.allowedJku())) {
      throw new TokenRejectedException("jku header is not the one allowed for iss " + safe(iss));
    }

    String kid = header.getKeyID();
    if (kid == null || kid.isBlank()) {
      throw new TokenRejectedException("no kid header");
    }
    JWK key = issuer.keys().find(kid);
    if (key == null) {
      throw new TokenRejectedException(
          "kid '" + safe(kid) + "' is not in the JWKS of iss " + safe(iss));
    }
    try {
      if (!jwt.verify(verifierFor(alg, key))) {
        throw new TokenRejectedException("signature does not verify");
      }
    } catch (JOSEException e) {
      throw new TokenRejectedException("signature could not be verified");
    }

    List<String> aud = claims.getAudience();
    if (aud.isEmpty()) {
      throw new TokenRejectedException("no aud claim");
    }
    // Exact strings, as interface.md states: no trailing slash, case or default-port variants.
    if (aud.stream().noneMatch(audiences::contains)) {
      throw new TokenRejectedException("aud is neither the called URL nor the base URL");
    }

    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new TokenRejectedException("no exp claim");
    }
    Instant forgetAfter = exp.toInstant().plus(clockSkew);
    if (!now.isBefore(forgetAfter)) {
      throw new TokenRejectedException("expired");
    }
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw new TokenRejectedException("no iat claim");
    }
    if (iat.toInstant().isAfter(now.plus(clockSkew))) {
      throw new TokenRejectedException("iat is in the future");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(clockSkew))) {
      throw new TokenRejectedException("nbf is in the future");
    }

    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw new TokenRejectedException("no jti claim");
    }
    if (!replayCache.firstUse(iss, jti, forgetAfter)) {
      throw new TokenRejectedException("jti '" + safe(jti) + "' of iss " + safe(iss) + " replayed");
    }
    return new CdsCaller(iss, tenant(claims), jti);
  }

  /** A verifier for this key, only if the key's type, curve, size, use and alg fit {@code alg}. */
  private static JWSVerifier verifierFor(JWSAlgorithm alg, JWK key)
      throws TokenRejectedException, JOSEException {
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
      throw new TokenRejectedException("key alg differs from the header's alg");
    }
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      throw new TokenRejectedException("key is not for signatures");
    }
    if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
      throw new TokenRejectedException("key_ops does not include verify");
    }
    if (JWSAlgorithm.Family.EC.contains(alg)) {
      if (!(key instanceof ECKey ec) || !Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
        throw new TokenRejectedException("key is not an EC key on the curve of " + alg);
      }
      return new ECDSAVerifier(ec);
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      if (!(key instanceof RSAKey rsa) || rsa.size() < MIN_RSA_BITS) {
        throw new TokenRejectedException("key is not an RSA key of at least 2048 bits");
      }
      return new RSASSAVerifier(rsa);
    }
    throw new TokenRejectedException("no verifier for alg " + alg);
  }

  private static String tenant(JWTClaimsSet claims) {
    try {
      return claims.getStringClaim("tenant");
    } catch (ParseException e) {
      return null;
    }
  }

  private static String safe(String text) {
    return CdsException.sanitize(text);
  }
}
