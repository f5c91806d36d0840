package org.hemacds.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hemacds.hooks.ErrorBodies;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code cds.demo.enabled=false} the demo page's static files ({@code /}, {@code /index.html},
 * {@code /demo/**}) answer 404 like any unknown path: a production deployment serves no demo.
 */
@Component
@ConditionalOnProperty(name = "cds.demo.enabled", havingValue = "false")
class DemoPageDisabledFilter extends OncePerRequestFilter {

  private final ErrorBodies errors;

  DemoPageDisabledFilter(ErrorBodies errors) {
    this.errors = errors;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.isEmpty()
        || path.equals("/")
        || path.equals("/index.html")
        || path.startsWith("/demo/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    errors.write(response, HttpServletResponse.SC_NOT_FOUND, "not-found", "No such endpoint.");
  }
}
