package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hemacds.hooks.HttpTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * FHIR servers that misbehave below HTTP (complementing the WireMock fault tests): whatever the
 * server does, a request that needs its data is answered 412 (never 500) within {@code
 * cds.fhir.timeout} and a margin, and the service does not keep holding the server's connections.
 */
@TestPropertySource(properties = "cds.fhir.timeout=1s")
class FhirSocketFaultsHttpTest extends HttpTestBase {

  static final Duration DEADLINE = Duration.ofSeconds(1);
  static final Duration MARGIN = Duration.ofMillis(2500);

  /** patient-view with nothing prefetched: every rule's data must come from the FHIR server. */
  static ObjectNode needingTheServer(String fhirServer) {
    ObjectNode body = patientView();
    body.put("fhirServer", fhirServer);
    return body;
  }

  @ParameterizedTest
  @EnumSource(RawSocketServer.Fault.class)
  void aFaultyServerGives412InBoundedTime(RawSocketServer.Fault fault) throws Exception {
    try (RawSocketServer server = new RawSocketServer(fault)) {
      long start = System.nanoTime();
      Reply reply = invoke("hematology-patient-view", needingTheServer(server.baseUrl()));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      reply.assertOperationOutcome(412, FHIR_ISSUE_TYPES, "neither prefetched nor readable");
      assertThat(elapsed).as(fault.name()).isLessThan(DEADLINE.plus(MARGIN));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = RawSocketServer.Fault.class,
      names = {"ACCEPT_AND_NEVER_ANSWER", "TRICKLE_FOREVER"})
  void theServiceLetsGoOfConnectionsItGaveUpOn(RawSocketServer.Fault fault) throws Exception {
    try (RawSocketServer server = new RawSocketServer(fault)) {
      invoke("hematology-patient-view", needingTheServer(server.baseUrl())).assertStatus(412);
      assertThat(server.connections()).as("queries sent").isPositive();
      // Every abandoned query's connection is closed soon after the deadline, not held open.
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.closedByClient() < server.connections() && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      assertThat(server.closedByClient())
          .as("connections closed by the service after giving up (%s)", fault)
          .isEqualTo(server.connections());
    }
  }
}
