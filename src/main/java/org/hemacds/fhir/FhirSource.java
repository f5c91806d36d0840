package org.hemacds.fhir;

/**
 * Where missing data may be fetched: the request's {@code fhirServer} (already checked against the
 * allow-list) and its bearer token, or null for an open server. The token lives only as long as the
 * request and is never printed.
 */
public record FhirSource(String baseUrl, String accessToken) {

  @Override
  public String toString() {
    return "FhirSource[" + baseUrl + "]";
  }
}
