package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FhirServerPolicy}: the SSRF guard on a request's {@code fhirServer} (checklist C #20). */
class FhirServerPolicyTest {

  private static FhirServerPolicy policy(String... prefixes) {
    return new FhirServerPolicy(
        new FhirProperties(
            List.of(prefixes),
            Duration.ofSeconds(2),
            200,
            10,
            org.springframework.util.unit.DataSize.ofMegabytes(20),
            Duration.ZERO));
  }

  /** The defaults of {@link FhirProperties}: loopback only, any port. */
  private static final FhirServerPolicy LOOPBACK =
      policy(
          "http://localhost",
          "https://localhost",
          "http://127.0.0.1",
          "https://127.0.0.1",
          "http://[::1]",
          "https://[::1]");

  @Nested
  class BareOriginPrefix {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://localhost",
          "http://localhost/",
          "http://localhost/fhir",
          "http://localhost/fhir/r4/",
          "http://localhost:8080",
          "http://localhost:8080/",
          "http://localhost:8080/fhir",
          "https://localhost:9443/fhir",
          "http://127.0.0.1:1/fhir",
          "http://[::1]",
          "http://[::1]/fhir",
          "http://[::1]:8080",
          "http://[::1]:8080/fhir",
          "https://[::1]:9443/fhir",
          "HTTP://LOCALHOST:8080/fhir",
          "Http://LocalHost/fhir"
        })
    void allows(String url) {
      assertThat(LOOPBACK.isAllowed(url)).as(url).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://evil.example.org",
          "http://localhost.evil.org",
          "http://localhost.evil.org/fhir",
          "http://localhost.",
          "http://localhostx",
          "http://localhost-evil",
          "http://localhost@evil.org",
          "http://localhost:80@evil.org/",
          "http://localhost:8080@evil.org/fhir",
          "http://user@localhost/fhir",
          "http://user:pass@localhost:8080/fhir",
          "http://localhost%40evil.org",
          "http://localhost:8080x/fhir",
          "http://localhost:8080:9090/fhir",
          "http://localhost:abc/fhir",
          "http://127.0.0.1.nip.io/fhir",
          "http://127.0.0.10/fhir",
          "http://[::1]evil/fhir",
          "http://[::2]:8080/fhir",
          "http://0.0.0.0/fhir",
          "http://localhost/fhir#frag",
          "http://localhost#@evil.org",
          "http://evil.org#@localhost",
          "http://evil.org?@localhost",
          "http://evil.org/http://localhost",
          "http://localhost\\@evil.org",
          " http://localhost/fhir",
          "http://localhost/fhir ",
          "ftp://localhost/fhir",
          "file:///etc/passwd",
          "file://localhost/etc/passwd",
          "gopher://localhost:70/",
          "ws://localhost/fhir",
          "javascript:alert(1)",
          "jar:http://localhost/x.jar!/",
          "localhost/fhir",
          "localhost:8080",
          "//localhost/fhir",
          "/fhir",
          "http:/localhost/fhir",
          "http:localhost",
          "http://",
          "",
          "not a url"
        })
    void denies(String url) {
      assertThat(LOOPBACK.isAllowed(url)).as(url).isFalse();
    }
  }

  @Nested
  class PathPrefix {

    private final FhirServerPolicy policy = policy("http://h/fhir");

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://h/fhir",
          "http://h/fhir/",
          "http://h/fhir/r4",
          "http://h/fhir/r4/",
          "HTTP://H/fhir/r4",
          "http://H/fhir"
        })
    void allows(String url) {
      assertThat(policy.isAllowed(url)).as(url).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://h/fhirx",
          "http://h/fhir-evil",
          "http://h/fhir.evil",
          "http://h/fhir#x",
          "http://h/FHIR/r4",
          "http://h/",
          "http://h",
          "http://h/other/fhir",
          "http://h:8080/fhir",
          "https://h/fhir",
          "http://h.evil.org/fhir",
          "http://x@h/fhir",
          "http://h/fhir/../admin",
          "http://h/fhir/r4/../../admin",
          "http://h/fhir/./../admin",
          "http://h/fhir/%2e%2e/admin",
          "http://h/fhir/%2E%2E/admin",
          "http://h/fhir/.%2e/admin",
          "http://h/fhir%2f..%2fadmin",
          "http://h/fhir/r4/.."
        })
    void denies(String url) {
      assertThat(policy.isAllowed(url)).as(url).isFalse();
    }
  }

  @Test
  void aPrefixWithATrailingSlashAllowsOnlyPathsBelowIt() {
    FhirServerPolicy policy = policy("https://fhir.example.org/tenant-a/");
    assertThat(policy.isAllowed("https://fhir.example.org/tenant-a/")).isTrue();
    assertThat(policy.isAllowed("https://fhir.example.org/tenant-a/r4")).isTrue();
    assertThat(policy.isAllowed("https://fhir.example.org/tenant-ab")).isFalse();
    assertThat(policy.isAllowed("https://fhir.example.org/tenant-b/r4")).isFalse();
    assertThat(policy.isAllowed("https://fhir.example.org/tenant-a/../tenant-b")).isFalse();
  }

  @Test
  void aPrefixWithAPortAllowsOnlyThatPort() {
    FhirServerPolicy policy = policy("http://localhost:8080");
    assertThat(policy.isAllowed("http://localhost:8080")).isTrue();
    assertThat(policy.isAllowed("http://localhost:8080/fhir")).isTrue();
    assertThat(policy.isAllowed("http://localhost:8081/fhir")).isFalse();
    assertThat(policy.isAllowed("http://localhost:80800/fhir")).isFalse();
    assertThat(policy.isAllowed("http://localhost:8080:1/fhir")).isFalse();
    assertThat(policy.isAllowed("http://localhost/fhir")).isFalse();
    assertThat(policy.isAllowed("http://localhost:8080.evil.org/fhir")).isFalse();

    FhirServerPolicy ipv6 = policy("http://[::1]:8080");
    assertThat(ipv6.isAllowed("http://[::1]:8080/fhir")).isTrue();
    assertThat(ipv6.isAllowed("http://[::1]:8081/fhir")).isFalse();
    assertThat(ipv6.isAllowed("http://[::1]/fhir")).isFalse();
  }

  @Test
  void aPrefixWithAPathAllowsNoOtherPort() {
    FhirServerPolicy policy = policy("https://fhir.example.org/r4");
    assertThat(policy.isAllowed("https://fhir.example.org/r4/Patient")).isTrue();
    assertThat(policy.isAllowed("https://fhir.example.org:8443/r4")).isFalse();
  }

  @Test
  void theSchemeAndHostOfAConfiguredPrefixAreCaseInsensitiveButItsPathIsNot() {
    FhirServerPolicy policy = policy("HTTPS://FHIR.Example.ORG/R4");
    assertThat(policy.isAllowed("https://fhir.example.org/R4")).isTrue();
    assertThat(policy.isAllowed("https://FHIR.EXAMPLE.ORG/R4/Patient")).isTrue();
    assertThat(policy.isAllowed("https://fhir.example.org/r4")).isFalse();
  }

  @Test
  void theSchemeMustMatchThePrefix() {
    FhirServerPolicy https = policy("https://fhir.example.org");
    assertThat(https.isAllowed("https://fhir.example.org/r4")).isTrue();
    assertThat(https.isAllowed("http://fhir.example.org/r4")).isFalse();
  }

  @Test
  void blankConfiguredEntriesAllowNothing() {
    FhirServerPolicy policy = policy(" ", "", " https://fhir.example.org ");
    assertThat(policy.isAllowed("https://fhir.example.org/r4")).isTrue();
    assertThat(policy.isAllowed("https://evil.example.org")).isFalse();
    assertThat(policy.isAllowed("")).isFalse();
    assertThat(policy().isAllowed("http://localhost")).isFalse();
  }

  @Test
  void theExampleServersAreAllowedOnlyWhenConfigured() {
    FhirServerPolicy policy = policy("http://hooks.smarthealthit.org:9080", "https://example/r4");
    assertThat(policy.isAllowed("http://hooks.smarthealthit.org:9080")).isTrue();
    assertThat(policy.isAllowed("https://example/r4")).isTrue();
    assertThat(policy.isAllowed("http://hooks.smarthealthit.org")).isFalse();
    assertThat(LOOPBACK.isAllowed("http://hooks.smarthealthit.org:9080")).isFalse();
  }
}
