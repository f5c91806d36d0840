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

  @Bean
  ResourceTypes resourceTypes(FhirContext fhirContext) {
    ResourceTypes.prewarm(fhirContext);
    return new ResourceTypes(fhirContext);
  }
}
