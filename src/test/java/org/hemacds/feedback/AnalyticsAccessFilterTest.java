package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hemacds.hooks.ErrorBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the tests over real HTTP cannot send from this machine: callers from other addresses and
 * other Host names, in loopback-only mode.
 */
class AnalyticsAccessFilterTest {

  private final AnalyticsAccessFilter loopbackOnly =
      new AnalyticsAccessFilter(new AdminProperties(null), new ErrorBodies());

  private static MockHttpServletRequest request(String path, String remote, String host) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setServletPath(path);
    request.setRemoteAddr(remote);
    request.setServerName(host);
    return request;
  }

  private int status(MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    loopbackOnly.doFilter(request, response, chain);
    return chain.getRequest() == null ? response.getStatus() : 200;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113.5",
        "10.0.0.8",
        "192.168.1.20",
        "::ffff:203.0.113.5",
        "2001:db8::1",
        ""
      })
  void aRemoteCallerIs403(String remote) throws Exception {
    assertThat(status(request("/analytics/rules", remote, "localhost"))).isEqualTo(403);
    assertThat(status(request("/analytics", remote, "localhost"))).isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0:0:0:0:0:0:0:1", "::1", "[::1]"})
  void aLoopbackCallerIsServed(String remote) throws Exception {
    assertThat(status(request("/analytics/rules", remote, "localhost"))).isEqualTo(200);
    assertThat(status(request("/analytics/rules", remote, "127.0.0.1"))).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cds.example.org", "attacker.example", "10.0.0.8"})
  void aForeignHostNameIs403(String host) throws Exception {
    // A DNS-rebinding page reaches 127.0.0.1 under its own name.
    assertThat(status(request("/analytics/rules", "127.0.0.1", host))).isEqualTo(403);
  }

  @Test
  void otherPathsAreNotTouched() throws Exception {
    assertThat(status(request("/cds-services", "203.0.113.5", "cds.example.org"))).isEqualTo(200);
    assertThat(status(request("/analyticsx", "203.0.113.5", "cds.example.org"))).isEqualTo(200);
  }

  @Test
  void thePathIsComparedAsSpringRoutesIt() throws Exception {
    assertThat(status(request("/ANALYTICS/rules", "203.0.113.5", "localhost"))).isEqualTo(403);
    assertThat(status(request("//analytics//rules", "203.0.113.5", "localhost"))).isEqualTo(403);
  }

  @Test
  void aTokenShorterThan16CharactersStopsStartup() {
    assertThatThrownBy(() -> new AdminProperties("short"))
        .hasMessageContaining("cds.admin.token must be at least 16");
    assertThat(new AdminProperties("   ").hasToken()).as("blank is unset").isFalse();
    assertThat(new AdminProperties("0123456789abcdef").toString()).doesNotContain("0123");
  }
}
