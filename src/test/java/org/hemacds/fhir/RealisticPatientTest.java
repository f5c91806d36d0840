package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Three years of a real aplastic anaemia chart (hundreds of observations, 60 conditions,
 * transfusions) in the HAPI server, which pages its results (the service asks 50 a page). The
 * active aplastic anaemia is on the second page of conditions: the R01 card proves the service
 * follows HAPI's own paging links.
 */
class RealisticPatientTest extends CdsHttpTestBase {

  @BeforeEach
  void proxy() {
    SERVERS.resetWireMock();
  }

  @ParameterizedTest
  @ValueSource(strings = {ORDER_SELECT, ORDER_SIGN, PATIENT_VIEW})
  void answersFromTheServerAsFromAFullPrefetch(String serviceId) {
    String patient = RealisticPatient.ID;
    Answer fromServer =
        invoke(serviceId, withServer(request(serviceId, patient), SERVERS.hapi.baseUrl(), null));

    assertThat(fromServer.status()).as(fromServer.body()).isEqualTo(200);
    assertThat(fromServer.elapsed()).isLessThan(FHIR_TIMEOUT.plusSeconds(1));
    if (!serviceId.equals(PATIENT_VIEW)) {
      assertThat(fromServer.hasR01Card()).as(fromServer.body()).isTrue();
    }

    Map<String, JsonNode> full =
        SimulatedEhr.fill(
            discoveredTemplates(serviceId), SERVERS.hapi.baseUrl(), SimulatedEhr.tokens(patient));
    Answer fromPrefetch = invoke(serviceId, withPrefetch(request(serviceId, patient), full));
    assertThat(fromPrefetch.status()).as(fromPrefetch.body()).isEqualTo(200);
    assertThat(fromPrefetch.cards()).isEqualTo(fromServer.cards());
  }

  @Test
  void followsTheServersPagingLinks() {
    int before = SERVERS.hapi.requestLog().size();

    Answer answer =
        invoke(
            ORDER_SIGN,
            withServer(request(ORDER_SIGN, RealisticPatient.ID), SERVERS.hapi.baseUrl(), null));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.hasR01Card()).as(answer.body()).isTrue();
    List<String> calls = SERVERS.hapi.requestLog();
    calls = calls.subList(before, calls.size());
    // HAPI's next links are "<base>?_getpages=...": the second page of conditions was read.
    assertThat(calls).anyMatch(c -> c.startsWith("/fhir/Condition?") && c.contains("_count=50"));
    assertThat(calls).anyMatch(c -> c.startsWith("/fhir?") && c.contains("_getpages="));
  }
}
