package org.hemacds.security;

import com.nimbusds.jose.jwk.JWK;

/** The public keys of one trusted issuer. */
interface IssuerKeys {

  /**
   * The public key with this {@code kid}, or {@code null}. May refetch the issuer's JWKS first (at
   * most once per configured interval) when the {@code kid} is unknown; never blocks longer than
   * the configured JWKS timeouts.
   */
  JWK find(String kid);
}
