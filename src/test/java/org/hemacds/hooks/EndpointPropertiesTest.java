package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code cds.public-base-url} binds from properties and environment, and is checked at startup. */
class EndpointPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(EndpointProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

  @Test
  void unsetMeansDerivedPerRequest() {
    runner.run(
        context -> assertThat(context.getBean(EndpointProperties.class).publicBaseUrl()).isNull());
  }

  @Test
  void trailingSlashIsDropped() {
    runner
        .withPropertyValues("cds.public-base-url=https://cds.example.org/")
        .run(
            context ->
                assertThat(context.getBean(EndpointProperties.class).publicBaseUrl())
                    .isEqualTo("https://cds.example.org"));
  }

  @Test
  void environmentVariableBinds() {
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of("CDS_PUBLIC_BASE_URL", "https://cds.example.org"))))
        .run(
            context ->
                assertThat(context.getBean(EndpointProperties.class).publicBaseUrl())
                    .isEqualTo("https://cds.example.org"));
  }

  @Test
  void notAnHttpUrlStopsStartup() {
    runner
        .withPropertyValues("cds.public-base-url=cds.example.org")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cds.public-base-url must be an absolute http(s) URL"));
  }
}
