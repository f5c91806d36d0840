package org.hemacds.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * The queries the fetcher builds (narrowed by code and date, safely encoded), and what it reads
 * from a real HAPI FHIR server over HTTP (paging, {@code _include}, page limit).
 */
class HttpFhirFetcherTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  static final String HB = "http://loinc.org|718-7";
  static final String FERRITIN = "http://loinc.org|2276-4";

  private static HttpFhirFetcher fetcher(int pageSize, int maxPages) {
    return fetcher(pageSize, maxPages, Duration.ZERO);
  }

  private static HttpFhirFetcher fetcher(int pageSize, int maxPages, Duration cacheTtl) {
    FhirProperties properties =
        new FhirProperties(
            List.of("http://127.0.0.1"),
            Duration.ofSeconds(10),
            pageSize,
            maxPages,
            DataSize.ofMegabytes(5),
            cacheTtl);
    return new HttpFhirFetcher(
        properties,
        new FhirServerPolicy(properties),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  private static DataNeeds needs(Set<String> codes, int lookbackDays, DataKind... kinds) {
    return new DataNeeds(Set.of(kinds), codes, lookbackDays);
  }

  // ---- query()

  @Test
  void observationsAreNarrowedToTheRulesCodesAndLookbackNewestFirst() {
    String query =
        fetcher(200, 10)
            .query(
                DataKind.OBSERVATIONS,
                "p1",
                needs(Set.of(HB, FERRITIN), 365, DataKind.OBSERVATIONS),
                TODAY);

    Map<String, List<String>> params = params(query);
    assertThat(query).startsWith("Observation?");
    assertThat(params.get("patient")).containsExactly("p1");
    assertThat(params.get("code")).containsExactly(FERRITIN + "," + HB);
    assertThat(params.get("date")).containsExactly("ge2025-11-27");
    assertThat(params.get("_sort")).containsExactly("-date");
    assertThat(params.get("_count")).containsExactly("200");
    // The token separators are percent-encoded: the URL is valid as sent.
    assertThat(query).doesNotContain("|").contains("%7C");
    assertThat(URI.create("http://127.0.0.1/fhir/" + query)).isNotNull();
  }

  @Test
  void withoutCodesOrLookbackNothingIsNarrowed() {
    Map<String, List<String>> params =
        params(
            fetcher(50, 10)
                .query(
                    DataKind.OBSERVATIONS, "p1", needs(Set.of(), 0, DataKind.OBSERVATIONS), TODAY));

    assertThat(params.keySet()).containsExactlyInAnyOrder("patient", "_sort", "_count");
  }

  @Test
  void aCodeCannotSmuggleInAnotherParameter() {
    String evil = "urn:x|a&_include=*&patient=p2#";
    String query =
        fetcher(200, 10)
            .query(
                DataKind.OBSERVATIONS, "p1", needs(Set.of(evil), 0, DataKind.OBSERVATIONS), TODAY);

    Map<String, List<String>> params = params(query);
    assertThat(params.get("code")).containsExactly(evil);
    assertThat(params.get("patient")).containsExactly("p1");
    assertThat(params).doesNotContainKey("_include");
    assertThat(query).doesNotContain("#");
  }

  @Test
  void eachKindHasItsOwnSearch() {
    HttpFhirFetcher f = fetcher(200, 10);
    DataNeeds none = needs(Set.of(), 0, DataKind.values());

    assertThat(f.query(DataKind.PATIENT, "p-1.a", none, TODAY)).isEqualTo("Patient/p-1.a");
    assertThat(f.query(DataKind.CONDITIONS, "p1", none, TODAY))
        .isEqualTo("Condition?patient=p1&_count=200");
    assertThat(f.query(DataKind.RESEARCH_SUBJECTS, "p1", none, TODAY))
        .isEqualTo("ResearchSubject?individual=p1&_count=200");
    assertThat(f.query(DataKind.PROCEDURES, "p1", none, TODAY))
        .isEqualTo("Procedure?patient=p1&_count=200");
    assertThat(f.query(DataKind.SERVICE_REQUESTS, "p1", none, TODAY))
        .isEqualTo("ServiceRequest?patient=p1&_count=200");
    for (DataKind kind :
        List.of(
            DataKind.MEDICATION_REQUESTS,
            DataKind.MEDICATION_STATEMENTS,
            DataKind.MEDICATION_ADMINISTRATIONS)) {
      String type = SimulatedEhr.resourceType(f.query(kind, "p1", none, TODAY));
      assertThat(params(f.query(kind, "p1", none, TODAY)).get("_include"))
          .containsExactly(type + ":medication");
    }
  }

  @Test
  void noQueryRepeatsAParameter() {
    HttpFhirFetcher f = fetcher(200, 10);
    DataNeeds needs = needs(Set.of(HB, FERRITIN), 90, DataKind.values());
    for (DataKind kind : DataKind.values()) {
      String query = f.query(kind, "p1", needs, TODAY);
      params(query).forEach((name, values) -> assertThat(values).as(query).hasSize(1));
    }
  }

  @Test
  void pagingStaysOnTheServersOwnBase() {
    String base = "http://127.0.0.1:8080/fhir/";

    assertThat(HttpFhirFetcher.onServer("http://127.0.0.1:8080/fhir/Observation?page=2", base))
        .isTrue();
    assertThat(HttpFhirFetcher.onServer("http://127.0.0.1:8080/fhir?_getpages=a&_count=50", base))
        .as("HAPI's paging link")
        .isTrue();
    assertThat(HttpFhirFetcher.onServer("http://127.0.0.1:8080/fhir-other?_getpages=a", base))
        .isFalse();
    assertThat(HttpFhirFetcher.onServer("http://127.0.0.1:8080/fhirx/Observation", base)).isFalse();
    assertThat(HttpFhirFetcher.onServer("http://localhost:8080/fhir/Observation", base)).isFalse();
    assertThat(HttpFhirFetcher.onServer("http://127.0.0.1:8081/fhir?_getpages=a", base)).isFalse();
    assertThat(HttpFhirFetcher.onServer("http://127.0.0.1:8080/other/fhir/Observation", base))
        .isFalse();
  }

  // ---- fetch() against the HAPI server

  @Test
  void readsEveryPageOfAnObservationSearchWithinTheDateWindow() {
    FhirTestServers servers = FhirTestServers.get();
    int lookback = 3 * 365;
    LocalDate today = RealisticPatient.today();
    DataNeeds needs = needs(Set.of(HB, FERRITIN), lookback, DataKind.OBSERVATIONS);

    Map<DataKind, List<Resource>> result =
        FhirTestJson.resources(
            fetcher(50, 10)
                .fetch(
                    new FhirSource(servers.hapi.baseUrl(), null),
                    RealisticPatient.ID,
                    Set.of(DataKind.OBSERVATIONS),
                    needs,
                    today));

    LocalDate from = today.minusDays(lookback + 1L);
    int expected =
        RealisticPatient.observationsSince(
            from, Set.of(RealisticPatient.HEMOGLOBIN, RealisticPatient.FERRITIN));
    assertThat(expected).as("more than three pages of 50").isGreaterThan(150);
    List<Resource> observations = result.get(DataKind.OBSERVATIONS);
    assertThat(observations).as("observations read").isNotNull().hasSize(expected);
    Date bound = Date.from(from.atStartOfDay().toInstant(ZoneOffset.UTC));
    List<Date> dates = new ArrayList<>();
    for (Resource r : observations) {
      Observation o = (Observation) r;
      assertThat(o.getCode().getCodingFirstRep().getCode())
          .isIn(RealisticPatient.HEMOGLOBIN, RealisticPatient.FERRITIN);
      assertThat(o.getEffectiveDateTimeType().getValue()).isAfterOrEqualTo(bound);
      dates.add(o.getEffectiveDateTimeType().getValue());
    }
    assertThat(dates)
        .as("newest first, across pages")
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void moreResultsThanThePageLimitIsUnavailableNotPartial() {
    FhirTestServers servers = FhirTestServers.get();

    Map<DataKind, List<Resource>> result =
        FhirTestJson.resources(
            fetcher(50, 2)
                .fetch(
                    new FhirSource(servers.hapi.baseUrl(), null),
                    RealisticPatient.ID,
                    Set.of(DataKind.OBSERVATIONS, DataKind.RESEARCH_SUBJECTS),
                    needs(Set.of(), 0, DataKind.OBSERVATIONS, DataKind.RESEARCH_SUBJECTS),
                    RealisticPatient.today()));

    assertThat(result).doesNotContainKey(DataKind.OBSERVATIONS);
    assertThat(result.get(DataKind.RESEARCH_SUBJECTS)).hasSize(1);
  }

  @Test
  void aLastPageWithFewerMatchesThanTheTotalIsUnavailable() {
    FhirTestServers servers = FhirTestServers.get();
    String subject =
        "{\"resource\":{\"resourceType\":\"ResearchSubject\",\"id\":\"rs\","
            + "\"status\":\"on-study\",\"study\":{\"reference\":\"ResearchStudy/s\"},"
            + "\"individual\":{\"reference\":\"Patient/p1\"}}}";
    String condition =
        "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c\","
            + "\"subject\":{\"reference\":\"Patient/p1\"}},\"search\":{\"mode\":\"match\"}}";
    String included =
        "{\"resource\":{\"resourceType\":\"Medication\",\"id\":\"m\"},"
            + "\"search\":{\"mode\":\"include\"}}";
    servers.wireMock.stubFor(
        get(urlPathEqualTo("/total/fhir/ResearchSubject"))
            .willReturn(okJson(searchset(5, subject))));
    servers.wireMock.stubFor(
        get(urlPathEqualTo("/total/fhir/Condition"))
            .willReturn(okJson(searchset(1, condition, included))));
    DataNeeds needs = needs(Set.of(), 0, DataKind.RESEARCH_SUBJECTS, DataKind.CONDITIONS);

    Map<DataKind, List<JsonNode>> result =
        fetcher(50, 10)
            .fetch(
                new FhirSource(servers.wireMockOrigin() + "/total/fhir", null),
                "p1",
                needs.kinds(),
                needs,
                TODAY);

    assertThat(result)
        .as("5 said, 1 given, no next link")
        .doesNotContainKey(DataKind.RESEARCH_SUBJECTS);
    assertThat(result.get(DataKind.CONDITIONS)).as("an included entry is no match").hasSize(2);
  }

  private static String searchset(int total, String... entries) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":"
        + total
        + ",\"entry\":["
        + String.join(",", entries)
        + "]}";
  }

  @Test
  void readsThePatientAndIncludesReferencedMedications() {
    FhirTestServers servers = FhirTestServers.get();
    DataNeeds needs = needs(Set.of(), 0, DataKind.PATIENT, DataKind.MEDICATION_REQUESTS);

    Map<DataKind, List<Resource>> result =
        FhirTestJson.resources(
            fetcher(50, 10)
                .fetch(
                    new FhirSource(servers.hapi.baseUrl() + "/", null),
                    RealisticPatient.ID,
                    needs.kinds(),
                    needs,
                    RealisticPatient.today()));

    assertThat(result.get(DataKind.PATIENT))
        .singleElement()
        .satisfies(p -> assertThat(p.getIdElement().getIdPart()).isEqualTo(RealisticPatient.ID));
    assertThat(result.get(DataKind.MEDICATION_REQUESTS))
        .hasAtLeastOneElementOfType(MedicationRequest.class)
        .hasAtLeastOneElementOfType(Medication.class);
  }

  @Test
  void anUnknownPatientIsUnavailable() {
    FhirTestServers servers = FhirTestServers.get();

    Map<DataKind, List<Resource>> result =
        FhirTestJson.resources(
            fetcher(50, 10)
                .fetch(
                    new FhirSource(servers.hapi.baseUrl(), null),
                    "nobody",
                    Set.of(DataKind.PATIENT),
                    needs(Set.of(), 0, DataKind.PATIENT),
                    TODAY));

    assertThat(result).doesNotContainKey(DataKind.PATIENT);
  }

  @Test
  void theResponseCacheIsOffByDefaultAndKeyedByServerTokenAndQuery() {
    FhirTestServers servers = FhirTestServers.get();
    String base = servers.hapi.baseUrl();
    DataNeeds needs = needs(Set.of(), 0, DataKind.RESEARCH_SUBJECTS);
    HttpFhirFetcher uncached = fetcher(50, 10);
    HttpFhirFetcher cached = fetcher(50, 10, Duration.ofMinutes(1));

    int start = servers.hapi.requestCount();
    uncached.fetch(new FhirSource(base, "a"), "aa-trial-1", needs.kinds(), needs, TODAY);
    uncached.fetch(new FhirSource(base, "a"), "aa-trial-1", needs.kinds(), needs, TODAY);
    assertThat(servers.hapi.requestCount() - start).as("without a cache").isEqualTo(2);

    start = servers.hapi.requestCount();
    Map<DataKind, List<JsonNode>> first =
        cached.fetch(new FhirSource(base, "a"), "aa-trial-1", needs.kinds(), needs, TODAY);
    Map<DataKind, List<JsonNode>> again =
        cached.fetch(new FhirSource(base, "a"), "aa-trial-1", needs.kinds(), needs, TODAY);
    assertThat(servers.hapi.requestCount() - start).as("same server, token, query").isEqualTo(1);
    assertThat(again.get(DataKind.RESEARCH_SUBJECTS))
        .hasSize(1)
        .isEqualTo(first.get(DataKind.RESEARCH_SUBJECTS));

    cached.fetch(new FhirSource(base, "b"), "aa-trial-1", needs.kinds(), needs, TODAY);
    assertThat(servers.hapi.requestCount() - start).as("another token").isEqualTo(2);
    cached.fetch(new FhirSource(base, null), "aa-trial-1", needs.kinds(), needs, TODAY);
    assertThat(servers.hapi.requestCount() - start).as("no token").isEqualTo(3);
    cached.fetch(new FhirSource(base, "a"), "aa-1", needs.kinds(), needs, TODAY);
    assertThat(servers.hapi.requestCount() - start).as("another patient").isEqualTo(4);
  }

  /** Splits a relative query into decoded parameter values, in order. */
  static Map<String, List<String>> params(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    int q = query.indexOf('?');
    if (q < 0) {
      return params;
    }
    for (String pair : query.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }
}
