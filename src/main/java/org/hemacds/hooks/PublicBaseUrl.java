package org.hemacds.hooks;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** The base URL under which a request reached this service, as EHRs see it. */
@Component
public class PublicBaseUrl {

  private final String configured;

  public PublicBaseUrl(EndpointProperties properties) {
    this.configured = properties.publicBaseUrl();
  }

  /** {@code cds.public-base-url} if set, else scheme://host[:port]/context-path of the request. */
  public String of(HttpServletRequest request) {
    if (configured != null) {
      return configured;
    }
    String scheme = request.getScheme().toLowerCase(Locale.ROOT);
    String host = request.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = request.getServerPort();
    boolean defaultPort =
        port <= 0
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath();
  }

  /** The full URL the request was sent to (without its query): base plus the path within it. */
  public String calledUrl(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
    return of(request) + path;
  }

  /** True when a base URL is configured rather than derived per request. */
  public boolean isConfigured() {
    return configured != null;
  }
}
