package org.hemacds.security;

import java.io.IOException;
import java.util.List;
import org.hemacds.hooks.ErrorBodies;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser-based EHRs. Runs before every other filter so that preflights need no token and
 * every answer, 401, 405 and 413 included, carries {@code Access-Control-Allow-Origin}. Every
 * method passes CORS, so that a method a path does not take gets its JSON 405 (with {@code Allow})
 * rather than a bare CORS refusal; what CORS itself refuses (an origin or a preflight header not
 * allowed) is a JSON 403.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Also read by the JSON error report for what Tomcat answers before any filter runs. */
  @Bean
  CorsConfiguration corsConfiguration(CorsProperties properties) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOriginPatterns(properties.allowedOrigins());
    cors.setAllowedMethods(METHODS);
    cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
    cors.setExposedHeaders(List.of("WWW-Authenticate", "Allow"));
    cors.setAllowCredentials(false);
    cors.setMaxAge(properties.maxAge());
    return cors;
  }

  @Bean
  FilterRegistrationBean<CorsFilter> corsFilter(CorsConfiguration cors, ErrorBodies errors) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    CorsFilter filter = new CorsFilter(source);
    filter.setCorsProcessor(new JsonRefusals(errors));
    FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Spring's CORS checks, with the refusal written as an OperationOutcome. */
  private static final class JsonRefusals extends DefaultCorsProcessor {

    private final ErrorBodies errors;

    JsonRefusals(ErrorBodies errors) {
      this.errors = errors;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
      byte[] body =
          errors.body(
              "forbidden",
              "Cross-origin request refused: its Origin, or a header or method it asked for in the"
                  + " preflight, is not allowed (cds.cors.allowed-origins)");
      response.setStatusCode(HttpStatus.FORBIDDEN);
      response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
      response.getHeaders().setContentLength(body.length);
      response.getBody().write(body);
      response.flush();
    }
  }
}
