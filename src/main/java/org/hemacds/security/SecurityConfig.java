package org.hemacds.security;

import java.util.Locale;
import org.hemacds.hooks.ErrorBodies;
import org.hemacds.hooks.PublicBaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires JWT authentication of CDS service calls, or warns loudly that it is off. */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

  /** After {@link CorsConfig}'s filter, so that a 401 still carries the CORS headers. */
  static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  SecurityConfig(SecurityProperties properties) {
    if (!properties.enabled()) {
      log.warn(
          "cds.security.enabled=false: CDS Hooks JWTs are NOT checked and EVERY caller is"
              + " trusted. Use this for local development only, never with real patient data.");
    }
  }

  @Bean
  @ConditionalOnProperty(name = "cds.security.enabled", havingValue = "true", matchIfMissing = true)
  FilterRegistrationBean<CdsJwtFilter> cdsJwtFilter(
      CdsJwtVerifier verifier,
      PublicBaseUrl baseUrl,
      ErrorBodies errors,
      TrustedIssuers issuers,
      SecurityProperties properties,
      org.hemacds.metrics.SecurityMetrics metrics) {
    if (issuers.size() == 0) {
      log.warn(
          "cds.security.enabled=true but no issuer is trusted (cds.security.issuers is empty and"
              + " the demo issuer is off): every CDS service call will be refused with 401.");
    } else {
      log.info(
          "CDS Hooks JWTs required on service and feedback calls; {} trusted issuer(s), clock"
              + " skew {}, replay store {}",
          issuers.size(),
          properties.clockSkew(),
          properties.replayStore().name().toLowerCase(Locale.ROOT));
    }
    if (!baseUrl.isConfigured() && !properties.issuers().isEmpty()) {
      log.info(
          "cds.public-base-url is not set: a JWT's aud is checked against the URL derived from"
              + " each request's Host. Set it in production.");
    }
    FilterRegistrationBean<CdsJwtFilter> registration =
        new FilterRegistrationBean<>(new CdsJwtFilter(verifier, baseUrl, errors, metrics));
    registration.setOrder(FILTER_ORDER);
    registration.addUrlPatterns("/*");
    return registration;
  }

  @Bean
  ReplayCache replayCache(
      SecurityProperties properties,
      org.springframework.beans.factory.ObjectProvider<
              org.springframework.jdbc.core.simple.JdbcClient>
          jdbc) {
    InMemoryReplayCache memory = new InMemoryReplayCache(properties.replayCacheMaxEntries());
    return switch (properties.replayStore()) {
      case MEMORY -> memory;
      case DATABASE -> {
        org.springframework.jdbc.core.simple.JdbcClient client = jdbc.getIfAvailable();
        if (client == null) {
          throw new IllegalStateException(
              "cds.security.replay-store=database needs the service's datasource"
                  + " (spring.datasource.*).");
        }
        yield new JdbcReplayCache(client, memory, java.time.Clock.systemUTC());
      }
    };
  }
}
