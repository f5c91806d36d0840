package org.hemacds.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every CDS service call and feedback post: {@code cds.service.requests} with tags {@code
 * service} (a known service id, else {@code unknown}, so callers cannot grow the tag set), {@code
 * endpoint} ({@code invoke} or {@code feedback}) and {@code status} (the HTTP status sent, 401s
 * included), as a histogram so that Prometheus can compute latency quantiles across replicas.
 */
final class CdsRequestMetrics extends OncePerRequestFilter {

  static final String METER = "cds.service.requests";
  private static final Pattern CALL = Pattern.compile("/cds-services/([^/]+)(/feedback)?/?");

  private final MeterRegistry meters;
  private final Set<String> serviceIds;

  CdsRequestMetrics(MeterRegistry meters, Set<String> serviceIds) {
    this.meters = meters;
    this.serviceIds = serviceIds;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path =
        (request.getServletPath() == null ? "" : request.getServletPath())
            + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Matcher call = CALL.matcher(path);
    if (!"POST".equalsIgnoreCase(request.getMethod()) || !call.matches()) {
      chain.doFilter(request, response);
      return;
    }
    String service = serviceIds.contains(call.group(1)) ? call.group(1) : "unknown";
    String endpoint = call.group(2) == null ? "invoke" : "feedback";
    Timer.Sample sample = Timer.start(meters);
    try {
      chain.doFilter(request, response);
    } finally {
      sample.stop(
          Timer.builder(METER)
              .description("CDS service calls and feedback posts, by service, endpoint, status")
              .tag("service", service)
              .tag("endpoint", endpoint)
              .tag("status", String.valueOf(response.getStatus()))
              .publishPercentileHistogram()
              .register(meters));
    }
  }
}
