package org.hemacds.fhir;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Guards against server-side request forgery: a request's {@code fhirServer} must start with one of
 * {@code cds.fhir.allowed-servers}, matched on a URL boundary, with no user-info part.
 */
@Component
public class FhirServerPolicy {

  private final List<String> allowedPrefixes;

  public FhirServerPolicy(FhirProperties properties) {
    this.allowedPrefixes =
        properties.allowedServers().stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(FhirServerPolicy::normalise)
            .toList();
  }

  /** True if the URL is an http(s) URL under one of the allowed prefixes. */
  public boolean isAllowed(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getRawUserInfo() != null
        || uri.getHost() == null
        || uri.getRawFragment() != null
        || hasDotSegment(uri.getPath())) {
      return false;
    }
    String candidate = normalise(url);
    for (String prefix : allowedPrefixes) {
      if (candidate.startsWith(prefix) && onBoundary(prefix, candidate)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@code .} or {@code ..} segment (also percent-encoded) would let a URL that starts with an
   * allowed path prefix reach another path once a server or proxy resolves it.
   */
  private static boolean hasDotSegment(String decodedPath) {
    if (decodedPath == null) {
      return false;
    }
    for (String segment : decodedPath.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static boolean onBoundary(String prefix, String candidate) {
    if (candidate.length() == prefix.length() || prefix.endsWith("/")) {
      return true;
    }
    char next = candidate.charAt(prefix.length());
    boolean prefixHasPath = prefix.indexOf('/', prefix.indexOf("//") + 2) >= 0;
    // After a bare origin a port or path may follow; after a path only a deeper path, or a query
    // on that same path (HAPI's paging links are "<base>?_getpages=...").
    return next == '/'
        || next == '?'
        || (!prefixHasPath && next == ':' && hasOnlyPortAfter(prefix, candidate));
  }

  private static boolean hasOnlyPortAfter(String prefix, String candidate) {
    // An IPv6 host ([::1]) has colons of its own: only a colon after it starts a port.
    int hostStart = Math.max(prefix.indexOf("//") + 2, prefix.lastIndexOf(']') + 1);
    if (prefix.indexOf(':', hostStart) >= 0) {
      return false; // the prefix already names a port
    }
    int i = prefix.length() + 1;
    int digits = 0;
    while (i < candidate.length() && Character.isDigit(candidate.charAt(i))) {
      i++;
      digits++;
    }
    return digits > 0
        && (i == candidate.length() || candidate.charAt(i) == '/' || candidate.charAt(i) == '?');
  }

  /** Lower-cases scheme and host; keeps the path as sent. */
  private static String normalise(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int pathStart = url.indexOf('/', schemeEnd + 3);
    String origin = pathStart < 0 ? url : url.substring(0, pathStart);
    String rest = pathStart < 0 ? "" : url.substring(pathStart);
    return origin.toLowerCase(Locale.ROOT) + rest;
  }
}
