package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code cds.security.*} is checked at startup, with messages that name what is wrong. */
class SecurityPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SecurityProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

  @Test
  void defaultsAreSecure() {
    runner.run(
        context -> {
          SecurityProperties properties = context.getBean(SecurityProperties.class);
          assertThat(properties.enabled()).isTrue();
          assertThat(properties.issuers()).isEmpty();
          assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(60));
          assertThat(properties.replayStore()).isEqualTo(SecurityProperties.ReplayStore.MEMORY);
          assertThat(properties.jwks().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.jwks().readTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.jwks().minRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        });
  }

  @Test
  void jkuDefaultsToTheJwksUri() {
    runner
        .withPropertyValues(
            "cds.security.issuers[0].iss=https://ehr.example.org",
            "cds.security.issuers[0].jwks-uri=https://ehr.example.org/jwks.json")
        .run(
            context ->
                assertThat(context.getBean(SecurityProperties.class).issuers().get(0).jku())
                    .isEqualTo("https://ehr.example.org/jwks.json"));
  }

  @Test
  void envVariableFormBinds() {
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
                            Map.of(
                                "CDS_SECURITY_ISSUERS_0_ISS",
                                "https://ehr.example.org",
                                "CDS_SECURITY_ISSUERS_0_JWKSURI",
                                "file:/etc/cds/ehr-jwks.json"))))
        .run(
            context -> {
              SecurityProperties.Issuer issuer =
                  context.getBean(SecurityProperties.class).issuers().get(0);
              assertThat(issuer.iss()).isEqualTo("https://ehr.example.org");
              assertThat(issuer.jwksUri()).isEqualTo("file:/etc/cds/ehr-jwks.json");
            });
  }

  @Test
  void issuerWithoutIssStopsStartup() {
    runner
        .withPropertyValues("cds.security.issuers[0].jwks-uri=https://ehr.example.org/jwks.json")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("needs an 'iss'"));
  }

  @Test
  void issuerWithoutJwksUriStopsStartup() {
    runner
        .withPropertyValues("cds.security.issuers[0].iss=https://ehr.example.org")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("needs a 'jwks-uri'")
                    .hasMessageContaining("https://ehr.example.org"));
  }

  @Test
  void jwksUriMustBeHttpOrFile() {
    runner
        .withPropertyValues(
            "cds.security.issuers[0].iss=https://ehr.example.org",
            "cds.security.issuers[0].jwks-uri=ftp://ehr.example.org/jwks.json")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("http(s) URL or a file: path"));
  }

  @Test
  void duplicateIssuerStopsStartup() {
    runner
        .withPropertyValues(
            "cds.security.issuers[0].iss=https://ehr.example.org",
            "cds.security.issuers[0].jwks-uri=https://ehr.example.org/a.json",
            "cds.security.issuers[1].iss=https://ehr.example.org",
            "cds.security.issuers[1].jwks-uri=https://ehr.example.org/b.json")
        .run(
            context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("listed twice"));
  }

  @Test
  void unreasonableClockSkewStopsStartup() {
    runner
        .withPropertyValues("cds.security.clock-skew=1h")
        .run(
            context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("clock-skew"));
  }

  @Test
  void databaseReplayStoreNeedsTheDatasource() {
    new ApplicationContextRunner()
        .withUserConfiguration(PropertiesOnly.class, SecurityConfig.class)
        .withPropertyValues("cds.security.enabled=false", "cds.security.replay-store=database")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("replay-store=database needs the service's datasource"));
  }
}
