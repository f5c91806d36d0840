package org.hemacds.hooks;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cds.public-base-url}: the base URL EHRs call, e.g. {@code https://cds.example.org}. A
 * JWT's {@code aud} is checked against it. When unset, the base is derived from each request's
 * scheme, host and port as the servlet container presents them (honouring {@code X-Forwarded-*}
 * only when {@code server.forward-headers-strategy} says so).
 *
 * @param publicBaseUrl absolute http(s) URL without query or fragment; a trailing slash is dropped
 */
@ConfigurationProperties("cds")
public record EndpointProperties(String publicBaseUrl) {

  public EndpointProperties {
    if (publicBaseUrl != null && publicBaseUrl.isBlank()) {
      publicBaseUrl = null;
    }
    if (publicBaseUrl != null) {
      publicBaseUrl = publicBaseUrl.strip();
      while (publicBaseUrl.endsWith("/")) {
        publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
      }
      URI uri;
      try {
        uri = new URI(publicBaseUrl);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "cds.public-base-url is not a valid URL: '" + publicBaseUrl + "'.", e);
      }
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "cds.public-base-url must be an absolute http(s) URL without query or fragment, e.g."
                + " https://cds.example.org (was '"
                + publicBaseUrl
                + "').");
      }
    }
  }
}
