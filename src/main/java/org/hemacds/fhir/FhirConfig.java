package org.hemacds.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one HAPI FHIR R4 context of the process (expensive to build, thread-safe once built). */
@Configuration(proxyBeanMethods = false)
class FhirConfig {

  @Bean
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  /** HAPI's first-use work is done by StartupPrewarm and the request-path warm-up, not here. */
  @Bean
  ResourceTypes resourceTypes(FhirContext fhirContext) {
    return new ResourceTypes(fhirContext);
  }
}
