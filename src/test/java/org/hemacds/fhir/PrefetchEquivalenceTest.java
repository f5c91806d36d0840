package org.hemacds.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 5's promise: the same clinical scenario gives the same cards whichever way the data
 * arrives. The full prefetch is what an EHR would send: discovery's templates, run against the HAPI
 * server that holds the patient. Every other variant must agree with it card for card (summary,
 * indicator, source), and the FHIR server (HAPI behind a WireMock proxy that counts the calls) is
 * asked exactly for what the prefetch did not settle.
 */
class PrefetchEquivalenceTest extends CdsHttpTestBase {

  /** Fixture patients: R01 fires for the first; a trial, or an old APL, silences it. */
  static Stream<Arguments> scenarios() {
    List<Arguments> all = new ArrayList<>();
    for (String patient : List.of("aa-1", "aa-trial-1", "aa-apl-1")) {
      for (String service : List.of(ORDER_SELECT, ORDER_SIGN, PATIENT_VIEW)) {
        all.add(Arguments.of(patient, service));
      }
    }
    return all.stream();
  }

  @BeforeEach
  void proxy() {
    SERVERS.resetWireMock();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scenarios")
  void sameCardsWhicheverWayTheDataArrives(String patientId, String serviceId) {
    Map<String, String> templates = discoveredTemplates(serviceId);
    Map<String, JsonNode> full =
        SimulatedEhr.fill(templates, SERVERS.hapi.baseUrl(), SimulatedEhr.tokens(patientId));
    assertThat(full.keySet()).as("every template filled").isEqualTo(templates.keySet());

    Answer reference = invoke(serviceId, withPrefetch(request(serviceId, patientId), full));
    assertThat(reference.status()).as(reference.body()).isEqualTo(200);
    List<CardKey> expected = reference.cards();
    if (patientId.equals("aa-1") && !serviceId.equals(PATIENT_VIEW)) {
      assertThat(reference.hasR01Card()).as("R01 card in %s", reference.body()).isTrue();
    }
    if (!patientId.equals("aa-1")) {
      assertThat(reference.hasR01Card()).as("R01 silenced in %s", reference.body()).isFalse();
    }

    // No prefetch at all: everything from the HAPI server.
    Answer noPrefetch =
        invoke(serviceId, withServer(request(serviceId, patientId), SERVERS.hapi.baseUrl(), null));
    assertSameCards("no prefetch, fhirServer = HAPI", noPrefetch, expected);

    // Full prefetch and a fhirServer: nothing is fetched.
    Answer fullWithServer =
        invoke(
            serviceId,
            withPrefetch(
                withServer(request(serviceId, patientId), SERVERS.proxyBase(), null), full));
    assertSameCards("full prefetch with a fhirServer", fullWithServer, expected);
    assertThat(SERVERS.wireMock.getAllServeEvents()).as("FHIR calls for a full prefetch").isEmpty();

    // Partial prefetch: every other key present, the rest fetched.
    Map<String, JsonNode> partial = new LinkedHashMap<>();
    List<String> absent = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, JsonNode> e : full.entrySet()) {
      if (i++ % 2 == 0) {
        partial.put(e.getKey(), e.getValue());
      } else {
        absent.add(e.getKey());
      }
    }
    SERVERS.resetWireMock();
    Answer partialAnswer =
        invoke(
            serviceId,
            withPrefetch(
                withServer(request(serviceId, patientId), SERVERS.proxyBase(), null), partial));
    assertSameCards("partial prefetch " + partial.keySet(), partialAnswer, expected);
    assertFetchedExactly(templates, absent);

    // null for every key that holds no data: "no data", never asked again; the rest fetched.
    Map<String, JsonNode> nulls = new LinkedHashMap<>();
    List<String> fetched = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : full.entrySet()) {
      if (isEmptySearch(e.getValue())) {
        nulls.put(e.getKey(), CdsHttpTestBase.JSON.nullNode());
      } else {
        fetched.add(e.getKey());
      }
    }
    if (patientId.equals("aa-1") && !serviceId.equals(PATIENT_VIEW)) {
      assertThat(nulls).as("aa-1 has no ResearchSubject").containsKey("researchSubjects");
    }
    SERVERS.resetWireMock();
    Answer nullAnswer =
        invoke(
            serviceId,
            withPrefetch(
                withServer(request(serviceId, patientId), SERVERS.proxyBase(), null), nulls));
    assertSameCards("null prefetch for " + nulls.keySet(), nullAnswer, expected);
    assertFetchedExactly(templates, fetched);

    // An OperationOutcome for every key: the EHR's query failed, so each is fetched again.
    Map<String, JsonNode> failed = new LinkedHashMap<>();
    full.keySet().forEach(k -> failed.put(k, operationOutcome()));
    SERVERS.resetWireMock();
    Answer failedAnswer =
        invoke(
            serviceId,
            withPrefetch(
                withServer(request(serviceId, patientId), SERVERS.proxyBase(), null), failed));
    assertSameCards("OperationOutcome prefetch", failedAnswer, expected);
    assertFetchedExactly(templates, new ArrayList<>(full.keySet()));

    // A paginated prefetch (first page only, with a next link) is partial: fetched again.
    Map<String, JsonNode> paged = new LinkedHashMap<>();
    List<String> pagedKeys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : full.entrySet()) {
      JsonNode value = e.getValue();
      if (value.path("resourceType").asString().equals("Bundle")
          && value.path("entry").size() > 0) {
        paged.put(e.getKey(), firstPageOnly((ObjectNode) value));
        pagedKeys.add(e.getKey());
      } else {
        paged.put(e.getKey(), value);
      }
    }
    SERVERS.resetWireMock();
    Answer pagedAnswer =
        invoke(
            serviceId,
            withPrefetch(
                withServer(request(serviceId, patientId), SERVERS.proxyBase(), null), paged));
    assertSameCards("first page of " + pagedKeys, pagedAnswer, expected);
    assertFetchedExactly(templates, pagedKeys);
  }

  /** null is "no data": a prefetched null is believed, even where the server holds data. */
  @Test
  void nullPrefetchIsNoDataAndIsNotFetched() {
    ObjectNode body = withServer(request(ORDER_SIGN, "aa-1"), SERVERS.proxyBase(), null);
    Map<String, JsonNode> prefetch = new LinkedHashMap<>();
    prefetch.put("conditions", CdsHttpTestBase.JSON.nullNode());
    Answer answer = invoke(ORDER_SIGN, withPrefetch(body, prefetch));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.hasR01Card()).as("no aplastic anaemia on file, so no R01").isFalse();
    assertThat(requestsFor("Condition")).as("Condition queries").isZero();
    assertThat(requestsFor("ResearchSubject")).as("the absent key is fetched").isPositive();
  }

  @Test
  void withoutPrefetchOrFhirServerTheDataIsUnavailable() {
    Answer answer = invoke(ORDER_SIGN, request(ORDER_SIGN, "aa-1"));

    answer.assertRefusedWith(412);
  }

  private void assertSameCards(String variant, Answer answer, List<CardKey> expected) {
    assertThat(answer.status()).as("%s: %s", variant, answer.body()).isEqualTo(200);
    assertThat(answer.cards()).as(variant).isEqualTo(expected);
  }

  /**
   * No query for a key the prefetch satisfied; queries only among the unsatisfied keys (the service
   * fetches just those its triggered rules read, so not necessarily every one of them).
   */
  private void assertFetchedExactly(Map<String, String> templates, List<String> keys) {
    int unsatisfied = 0;
    for (Map.Entry<String, String> t : templates.entrySet()) {
      String type = SimulatedEhr.resourceType(t.getValue());
      if (keys.contains(t.getKey())) {
        unsatisfied += requestsFor(type);
      } else {
        assertThat(requestsFor(type)).as("queries for %s (%s)", t.getKey(), type).isZero();
      }
    }
    if (!keys.isEmpty()) {
      assertThat(unsatisfied).as("queries for the unsatisfied keys %s", keys).isPositive();
    }
  }

  static int requestsFor(String type) {
    return SERVERS
        .wireMock
        .findAll(getRequestedFor(urlPathMatching("/fhir/" + type + "(/.*)?")))
        .size();
  }

  private static boolean isEmptySearch(JsonNode value) {
    return value.isNull()
        || (value.path("resourceType").asString().equals("Bundle")
            && value.path("entry").size() == 0);
  }

  private static JsonNode operationOutcome() {
    return CdsHttpTestBase.JSON.readTree(
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"timeout\",\"diagnostics\":\"The EHR's query timed out\"}]}");
  }

  private static JsonNode firstPageOnly(ObjectNode bundle) {
    ObjectNode page = bundle.deepCopy();
    var entries = page.withArray("entry");
    while (entries.size() > 1) {
      entries.remove(entries.size() - 1);
    }
    var links = page.putArray("link");
    links.addObject().put("relation", "self").put("url", SERVERS.proxyBase() + "/page1");
    links.addObject().put("relation", "next").put("url", SERVERS.proxyBase() + "/page2");
    return page;
  }
}
