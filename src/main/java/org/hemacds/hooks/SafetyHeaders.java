package org.hemacds.hooks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers for answers that may carry patient data: {@code X-Content-Type-Options: nosniff} on every
 * answer, and {@code Cache-Control: no-store} on every answer to a POST (cards, feedback, demo
 * tokens) and on the analytics data, so that no browser or proxy keeps a copy.
 */
@Component
class SafetyHeaders extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    if ("POST".equalsIgnoreCase(request.getMethod())
        || request.getRequestURI().startsWith(request.getContextPath() + "/analytics/")) {
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
    chain.doFilter(request, response);
  }
}
