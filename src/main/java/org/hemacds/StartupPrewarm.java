package org.hemacds;

import ca.uhn.fhir.context.FhirContext;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.cards.RuleSet;
import org.hemacds.cards.RulesProperties;
import org.hemacds.fhir.ResourceTypes;
import org.hemacds.terminology.QuantityConverter;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the slowest first-use work of the libraries on a second thread as soon as logging is set
 * up (HAPI logs as it scans), so it runs while Spring builds the context instead of after, in the
 * order the beans need it: the JDK's default TLS context (the FHIR client is built early), the rule
 * catalogue's compilation with HAPI's model scan (needed for discovery), HAPI's first encoding of
 * the resources cards suggest and the UCUM definitions (needed by the request-path warm-up). The
 * beans use the same shared instances; if this thread is not done yet they wait for it, and if it
 * failed they do the work again themselves and report the error.
 */
final class StartupPrewarm
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  /** {@code cds.rules.location} as the bean will bind it, or null if it cannot be bound. */
  private static String rulesLocation(ConfigurableEnvironment environment) {
    try {
      return Binder.get(environment).bindOrCreate("cds.rules", RulesProperties.class).location();
    } catch (RuntimeException e) {
      return null; // the bean reports it
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after LoggingApplicationListener
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    String location = rulesLocation(event.getEnvironment());
    CompletableFuture<RuleSet> rules = location == null ? null : RuleCatalog.expectAhead(location);
    Thread thread =
        new Thread(
            () -> {
              try {
                SSLContext.getDefault(); // the FHIR client is built early
                if (rules != null) {
                  RuleCatalog.compileInto(rules, location, FhirContext.forR4Cached());
                }
                ResourceTypes.prewarm(FhirContext.forR4Cached());
                QuantityConverter.preload();
              } catch (RuntimeException | LinkageError | NoSuchAlgorithmException e) {
                LoggerFactory.getLogger(StartupPrewarm.class)
                    .debug("Startup prewarm failed; the beans will do it: {}", e.toString());
              } finally {
                if (rules != null) {
                  rules.cancel(false); // no-op once compiled; otherwise the bean compiles
                }
              }
            },
            "startup-prewarm");
    thread.setDaemon(true);
    thread.start();
  }
}
