package org.hemacds.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.hemacds.hooks.CdsService;
import org.hemacds.hooks.CdsServiceCatalog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The request timer around CDS service calls. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class MetricsConfig {

  /** After CORS, before the analytics and JWT filters, so their refusals are timed too. */
  static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

  @Bean
  FilterRegistrationBean<CdsRequestMetrics> cdsRequestMetrics(
      MeterRegistry meters, CdsServiceCatalog catalog) {
    Set<String> ids =
        catalog.services().stream().map(CdsService::id).collect(Collectors.toUnmodifiableSet());
    FilterRegistrationBean<CdsRequestMetrics> registration =
        new FilterRegistrationBean<>(new CdsRequestMetrics(meters, ids));
    registration.setOrder(FILTER_ORDER);
    registration.addUrlPatterns("/cds-services/*");
    return registration;
  }
}
