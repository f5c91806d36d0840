package org.hemacds.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The verified caller of a service or feedback request, kept as a request attribute. Holds only
 * what may be logged: issuer, tenant and token id, never the token.
 */
public record CdsCaller(String iss, String tenant, String jti) {

  static final String ATTRIBUTE = CdsCaller.class.getName();

  /** The caller verified for this request; empty when security is disabled. */
  public static Optional<CdsCaller> of(HttpServletRequest request) {
    return Optional.ofNullable((CdsCaller) request.getAttribute(ATTRIBUTE));
  }
}
