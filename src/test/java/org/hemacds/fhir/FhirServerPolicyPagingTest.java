package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** The allow-list that keeps a request's fhirServer (and paging links) on trusted servers. */
class FhirServerPolicyPagingTest {

  static final FhirServerPolicy POLICY =
      new FhirServerPolicy(
          new FhirProperties(
              List.of("https://ehr.example.org/fhir", "http://127.0.0.1"),
              Duration.ofSeconds(2),
              200,
              10,
              DataSize.ofMegabytes(20),
              Duration.ZERO));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://ehr.example.org/fhir",
        "https://ehr.example.org/fhir/",
        "https://EHR.example.org/fhir/Observation?patient=1",
        // HAPI FHIR's paging links are a query on the base itself.
        "https://ehr.example.org/fhir?_getpages=7d1c&_getpagesoffset=50&_count=50",
        "http://127.0.0.1",
        "http://127.0.0.1:8080/fhir",
        "http://127.0.0.1/fhir?_getpages=1",
        "http://127.0.0.1:8080?_getpages=1"
      })
  void allows(String url) {
    assertThat(POLICY.isAllowed(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://ehr.example.org/fhir-evil",
        "https://ehr.example.org/fhirx?_getpages=1",
        "https://ehr.example.org/other",
        "https://ehr.example.org.evil.com/fhir",
        "https://user@ehr.example.org/fhir",
        "https://ehr.example.org/fhir#x",
        "http://ehr.example.org/fhir",
        "http://127.0.0.1.evil.com/fhir",
        "http://127.0.0.1:8080@evil.com/fhir",
        "http://127.0.0.1:80x/fhir",
        "ftp://127.0.0.1/fhir",
        "file:///etc/passwd",
        "not a url"
      })
  void refuses(String url) {
    assertThat(POLICY.isAllowed(url)).isFalse();
  }

  @Test
  void theDefaultIsLoopbackOnly() {
    FhirProperties defaults =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("cds.fhir", FhirProperties.class);
    FhirServerPolicy policy = new FhirServerPolicy(defaults);

    assertThat(policy.isAllowed("http://localhost:8080/fhir")).isTrue();
    assertThat(policy.isAllowed("http://[::1]:8080/fhir")).as("IPv6 loopback with a port").isTrue();
    assertThat(policy.isAllowed("http://[::1]/fhir")).isTrue();
    assertThat(policy.isAllowed("http://[::1]:8080@evil.com/fhir")).isFalse();
    assertThat(policy.isAllowed("http://[::2]:8080/fhir")).isFalse();
    assertThat(policy.isAllowed("http://localhost.evil.com/fhir")).isFalse();
    assertThat(policy.isAllowed("https://10.0.0.1/fhir")).isFalse();
  }
}
