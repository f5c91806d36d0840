package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.hemacds.fhir.RawSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * A JWKS endpoint that is down in ways the HTTP-level tests do not cover (connection refused,
 * reset, closed mid-body, accepting and never answering, never accepting, trickling forever): a
 * token of that issuer is refused with the verifier's own rejection (a 401, never a 500) within the
 * JWKS timeouts and a margin.
 */
class JwksFaultsTest {

  static final String ISS = "https://ehr-down.example.org";
  static final Duration TIMEOUT = Duration.ofMillis(800);
  static final Duration BOUND = TIMEOUT.plus(TIMEOUT).plus(Duration.ofSeconds(2));

  static CdsJwtVerifier verifierWithJwksAt(String jwksUri) {
    SecurityProperties properties =
        new SecurityProperties(
            true,
            List.of(new SecurityProperties.Issuer(ISS, jwksUri, null)),
            Duration.ofSeconds(60),
            SecurityProperties.ReplayStore.MEMORY,
            1000,
            new SecurityProperties.Jwks(
                TIMEOUT, TIMEOUT, Duration.ofSeconds(30), Duration.ofMinutes(10)));
    TrustedIssuers issuers =
        new TrustedIssuers(
            properties, new StaticListableBeanFactory().getBeanProvider(LocalTokenIssuer.class));
    return new CdsJwtVerifier(issuers, new InMemoryReplayCache(1000), properties);
  }

  static void assertRefusedInBoundedTime(String jwksUri) {
    CdsJwtVerifier verifier = verifierWithJwksAt(jwksUri);
    ECKey key = TestIssuers.ec("down-1");
    String aud = "http://localhost:8080/cds-services/hematology-order-select";
    String token = TestIssuers.token(key, ISS, aud);
    long start = System.nanoTime();
    assertThatThrownBy(() -> verifier.verify(token, List.of(aud)))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("not in the JWKS");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }

  @ParameterizedTest
  @EnumSource(RawSocketServer.Fault.class)
  void aFaultyJwksEndpointRefusesTheTokenInBoundedTime(RawSocketServer.Fault fault)
      throws Exception {
    try (RawSocketServer server = new RawSocketServer(fault)) {
      assertRefusedInBoundedTime(server.baseUrl() + "/jwks.json");
    }
  }

  @Test
  void aRefusedConnectionRefusesTheToken() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertRefusedInBoundedTime("http://127.0.0.1:" + port + "/jwks.json");
  }
}
