package org.hemacds.feedback;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.hooks.CardLog;
import org.hemacds.hooks.ErrorBodies;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The feedback store, card log and analytics, when the service runs as a server. Offline evaluation
 * (no web server) records no cards and touches no database.
 */
@Configuration(proxyBeanMethods = false)
class FeedbackConfig {

  /** After CORS (so refusals carry CORS headers), before the CDS Hooks JWT filter. */
  static final int ACCESS_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 8;

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication
  static class Server {

    private final Clock clock = Clock.systemUTC();

    @Bean
    FeedbackDatabase feedbackDatabase(DataSource dataSource) {
      return new FeedbackDatabase(dataSource);
    }

    @Bean
    DiskFlush diskFlush(JdbcTemplate jdbc) {
      return new DiskFlush(jdbc);
    }

    @Bean
    JdbcCardLog cardLog(
        JdbcTemplate jdbc,
        DiskFlush flush,
        PlatformTransactionManager transactions,
        MeterRegistry meters,
        FeedbackProperties properties) {
      return new JdbcCardLog(
          new CardLogStore(jdbc, new TransactionTemplate(transactions), flush),
          new PatientHasher.Lazy(properties.patientSalt(), JdbcClient.create(jdbc)),
          meters,
          clock,
          properties.cardLogCapacity());
    }

    @Bean
    FeedbackReceiver feedbackReceiver(
        JdbcTemplate jdbc,
        PlatformTransactionManager transactions,
        DiskFlush flush,
        MeterRegistry meters,
        FeedbackDatabase database) {
      return new FeedbackReceiver(
          new FeedbackStore(
              JdbcClient.create(jdbc), new TransactionTemplate(transactions), clock, flush),
          meters,
          database);
    }

    @Bean
    Analytics analytics(
        JdbcTemplate jdbc,
        PlatformTransactionManager transactions,
        RuleCatalog catalog,
        FeedbackDatabase database) {
      TransactionTemplate readOnly = new TransactionTemplate(transactions);
      readOnly.setReadOnly(true);
      return new Analytics(
          new AnalyticsRepository(JdbcClient.create(jdbc), readOnly), catalog, database);
    }

    @Bean
    FilterRegistrationBean<AnalyticsAccessFilter> analyticsAccessFilter(
        AdminProperties admin, ErrorBodies errors) {
      FilterRegistrationBean<AnalyticsAccessFilter> registration =
          new FilterRegistrationBean<>(new AnalyticsAccessFilter(admin, errors));
      registration.setOrder(ACCESS_FILTER_ORDER);
      registration.addUrlPatterns("/*");
      return registration;
    }
  }

  /** {@code java -jar … evaluate}: cards are printed, not recorded. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnNotWebApplication
  static class Offline {

    @Bean
    CardLog cardLog() {
      return CardLog.NONE;
    }
  }
}
