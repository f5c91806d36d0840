package org.hemacds.feedback;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.hemacds.hooks.ErrorBodies;
import org.hemacds.hooks.LocalCallers;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read {@code /analytics/**}.
 *
 * <ul>
 *   <li>{@code cds.admin.token} set: the data ({@code /analytics/rules}) needs {@code
 *       Authorization: Bearer <token>} (compared in constant time), else 401. The page and its
 *       scripts hold no data and are served to anyone, so that a browser can load the page, which
 *       asks for the token and sends it on its data calls.
 *   <li>Not set: everything under {@code /analytics} is served only to callers on this machine,
 *       else 403. A caller counts as local as {@link LocalCallers#isLocal} says (loopback peer, no
 *       proxy header, a loopback {@code Host}) and no other web site's page sent it ({@code
 *       Origin}).
 * </ul>
 */
final class AnalyticsAccessFilter extends OncePerRequestFilter {

  private final byte[] tokenDigest;
  private final ErrorBodies errors;

  AnalyticsAccessFilter(AdminProperties admin, ErrorBodies errors) {
    this.tokenDigest = admin.hasToken() ? sha256(admin.token()) : null;
    this.errors = errors;
  }

  /** The path as Spring MVC routes it, lower-cased, without repeated slashes. */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = (servletPath + pathInfo).toLowerCase(Locale.ROOT);
    while (path.contains("//")) {
      path = path.replace("//", "/");
    }
    return path;
  }

  static boolean isAnalytics(String path) {
    return path.equals("/analytics") || path.startsWith("/analytics/");
  }

  /** The page and its static assets: no data in them. */
  static boolean isPage(String path) {
    return path.equals("/analytics") || path.startsWith("/analytics/assets/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = path(request);
    if (!isAnalytics(path) || "OPTIONS".equalsIgnoreCase(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    if (tokenDigest != null) {
      if (isPage(path) || hasToken(request)) {
        chain.doFilter(request, response);
        return;
      }
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"analytics\"");
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      errors.write(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "login",
          "Analytics need Authorization: Bearer <cds.admin.token>.");
      return;
    }
    if (isLocal(request)) {
      chain.doFilter(request, response);
      return;
    }
    errors.write(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "forbidden",
        "Analytics are open only to callers on this machine while cds.admin.token is not set.");
  }

  private boolean hasToken(HttpServletRequest request) {
    List<String> values = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
    if (values.size() != 1) {
      return false;
    }
    String value = values.get(0).strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      return false;
    }
    // Digests of equal length, compared in constant time: neither content nor length leaks.
    return MessageDigest.isEqual(tokenDigest, sha256(value.substring(space + 1).strip()));
  }

  static boolean isLocal(HttpServletRequest request) {
    if (!LocalCallers.isLocal(request)) {
      return false;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null) {
      try {
        String host = URI.create(origin).getHost();
        if (host == null || !LocalCallers.isLoopbackName(host)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
