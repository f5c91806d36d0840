package org.hemacds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.hemacds.hooks.CdsException;
import org.hemacds.hooks.ErrorBodies;
import org.hemacds.hooks.PublicBaseUrl;
import org.hemacds.metrics.SecurityMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a valid CDS Hooks JWT ({@code Authorization: Bearer <jwt>}) on everything under {@code
 * /cds-services/} (service calls and feedback). Discovery ({@code GET /cds-services}) and {@code
 * OPTIONS} stay open, and a token sent to discovery is not looked at. A refusal is a bare 401 with
 * {@code WWW-Authenticate: Bearer}; why it was refused goes to the debug log, without the token.
 * Registered after the CORS filter, so 401s carry the CORS headers.
 */
final class CdsJwtFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(CdsJwtFilter.class);
  private static final String DISCOVERY = "/cds-services";

  private final CdsJwtVerifier verifier;
  private final PublicBaseUrl baseUrl;
  private final ErrorBodies errors;
  private final SecurityMetrics metrics;

  CdsJwtFilter(
      CdsJwtVerifier verifier, PublicBaseUrl baseUrl, ErrorBodies errors, SecurityMetrics metrics) {
    this.verifier = verifier;
    this.baseUrl = baseUrl;
    this.errors = errors;
    this.metrics = metrics;
  }

  /** The metric reason of a refusal, from the fixed start of its message (never caller text). */
  static String reason(String message) {
    String m = message == null ? "" : message;
    if (m.startsWith("no Authorization")
        || m.startsWith("more than one Authorization")
        || m.startsWith("Authorization header")
        || m.startsWith("Bearer token")) {
      return SecurityMetrics.MISSING;
    }
    if (m.startsWith("not a signed JWT")
        || m.startsWith("payload is not")
        || m.startsWith("typ header")
        || m.startsWith("no kid")) {
      return SecurityMetrics.MALFORMED;
    }
    if (m.startsWith("alg ") || m.startsWith("no verifier for alg")) {
      return SecurityMetrics.ALGORITHM;
    }
    if (m.startsWith("iss '") || m.startsWith("jku header") || m.startsWith("no iss")) {
      return SecurityMetrics.ISSUER;
    }
    if (m.startsWith("kid '") || m.startsWith("key")) {
      return SecurityMetrics.KEY;
    }
    if (m.startsWith("signature")) {
      return SecurityMetrics.SIGNATURE;
    }
    if (m.startsWith("expired")
        || m.startsWith("iat is")
        || m.startsWith("nbf is")
        || m.startsWith("no exp")
        || m.startsWith("no iat")) {
      return SecurityMetrics.EXPIRED;
    }
    if (m.startsWith("aud ") || m.startsWith("no aud")) {
      return SecurityMetrics.AUDIENCE;
    }
    if (m.startsWith("jti '")) {
      return SecurityMetrics.REPLAY;
    }
    if (m.startsWith("no jti")) {
      return SecurityMetrics.CLAIMS;
    }
    return SecurityMetrics.OTHER;
  }

  /** Protected: any method but OPTIONS on a path under /cds-services/, compared loosely. */
  static boolean requiresToken(HttpServletRequest request) {
    if ("OPTIONS".equalsIgnoreCase(request.getMethod())) {
      return false;
    }
    // Servlet path and path info are decoded, normalised and stripped of ;parameters by the
    // container: the form Spring MVC routes on. Lower-cased so no spelling slips past.
    String path = pathWithinApplication(request).toLowerCase(Locale.ROOT);
    while (path.contains("//")) {
      path = path.replace("//", "/");
    }
    if (!path.startsWith(DISCOVERY)) {
      return false;
    }
    String rest = path.substring(DISCOVERY.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return !isRead(request); // discovery is open; other methods there still need a token
    }
    return rest.startsWith("/") || rest.startsWith(";");
  }

  private static boolean isRead(HttpServletRequest request) {
    return "GET".equalsIgnoreCase(request.getMethod())
        || "HEAD".equalsIgnoreCase(request.getMethod());
  }

  private static String pathWithinApplication(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    return path.isEmpty() ? "/" : path;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!requiresToken(request)) {
      chain.doFilter(request, response);
      return;
    }
    try {
      String token = bearerToken(request);
      String called = baseUrl.calledUrl(request);
      String base = baseUrl.of(request);
      CdsCaller caller = verifier.verify(token, List.of(called, base));
      request.setAttribute(CdsCaller.ATTRIBUTE, caller);
      if (log.isDebugEnabled()) {
        log.debug(
            "Accepted CDS Hooks JWT: iss={} tenant={} jti={}",
            caller.iss(),
            CdsException.sanitize(caller.tenant()),
            CdsException.sanitize(caller.jti()));
      }
    } catch (TokenRejectedException e) {
      if (log.isDebugEnabled()) {
        log.debug(
            "401 for {} {}: {}",
            request.getMethod(),
            CdsException.sanitize(request.getRequestURI()),
            e.getMessage());
      }
      metrics.jwtRejected(reason(e.getMessage()));
      unauthorized(response);
      return;
    }
    chain.doFilter(request, response);
  }

  private static String bearerToken(HttpServletRequest request) throws TokenRejectedException {
    List<String> values = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
    if (values.isEmpty()) {
      throw new TokenRejectedException("no Authorization header");
    }
    if (values.size() > 1) {
      throw new TokenRejectedException("more than one Authorization header");
    }
    String value = values.get(0).strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw new TokenRejectedException("Authorization header is not a Bearer token");
    }
    String token = value.substring(space + 1).strip();
    if (token.isEmpty() || token.indexOf(' ') >= 0) {
      throw new TokenRejectedException("Bearer token is empty or malformed");
    }
    return token;
  }

  private void unauthorized(HttpServletResponse response) throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    errors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "login", "Unauthorized");
  }
}
