package org.hemacds;

import ca.uhn.fhir.context.FhirContext;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.hemacds.fhir.ResourceTypes;
import org.hemacds.terminology.QuantityConverter;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Starts the slowest first-use work of the libraries (HAPI's model scan of the R4 resources cards
 * suggest, the UCUM definitions, the JDK's default TLS context that the HTTP clients for FHIR
 * servers and key sets are built with) on a second thread as soon as logging is set up, so it runs
 * while Spring builds the context instead of after. The beans use the same shared instances; if
 * this thread is not done yet they wait for it, and if it failed they do the work again themselves
 * and report the error.
 */
final class StartupPrewarm
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after LoggingApplicationListener
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    Thread thread =
        new Thread(
            () -> {
              try {
                ResourceTypes.prewarm(FhirContext.forR4Cached());
                QuantityConverter.preload();
                SSLContext.getDefault();
              } catch (RuntimeException | LinkageError | NoSuchAlgorithmException e) {
                LoggerFactory.getLogger(StartupPrewarm.class)
                    .debug("Startup prewarm failed; the beans will do it: {}", e.toString());
              }
            },
            "startup-prewarm");
    thread.setDaemon(true);
    thread.start();
  }
}
