package org.hemacds.hooks;

/**
 * {@code fhirAuthorization} of a hook request. The access token is a transient secret: it is never
 * logged, stored or echoed, and {@link #toString()} does not print it.
 */
public record FhirAuthorization(
    String accessToken,
    String tokenType,
    Long expiresIn,
    String scope,
    String subject,
    String patient) {

  @Override
  public String toString() {
    return "FhirAuthorization[accessToken=<redacted>, scope=" + scope + "]";
  }
}
