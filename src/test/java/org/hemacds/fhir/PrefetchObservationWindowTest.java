package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Observations older than any rule reads are dropped before the chart reads them. */
class PrefetchObservationWindowTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final LocalDate TODAY = LocalDate.of(2026, 12, 31);

  /** Reads anything from 2026-01-01 on (today - 364 days, less the extra day). */
  static final DataNeeds NEEDS = new DataNeeds(Set.of(DataKind.OBSERVATIONS), Set.of(), 363);

  @Test
  void dropsObservationsTheChartDatesBeforeTheWindow() {
    JsonNode bundle =
        JSON.readTree(
            "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":9,\"entry\":["
                + obs("old", "\"effectiveDateTime\":\"2025-12-31\"")
                + ","
                + obs("first-day", "\"effectiveDateTime\":\"2026-01-01T23:30:00-05:00\"")
                + ","
                + obs("old-instant", "\"effectiveInstant\":\"2025-06-01T08:00:00Z\"")
                + ","
                + obs(
                    "old-period",
                    "\"effectivePeriod\":{\"start\":\"2025-01-01\",\"end\":\"2025-02-01\"}")
                + ","
                + obs(
                    "period-ends-inside",
                    "\"effectivePeriod\":{\"start\":\"2025-01-01\",\"end\":\"2026-02-01\"}")
                + ","
                + obs("old-issued-only", "\"issued\":\"2024-03-01T10:00:00Z\"")
                + ","
                + obs("partial-date", "\"effectiveDateTime\":\"2025-06\"")
                + ","
                + obs("undated", "\"status\":\"final\"")
                + ","
                + obs(
                    "two-effectives",
                    "\"effectiveDateTime\":\"2025-01-01\",\"effectiveInstant\":\"2026-05-01T00:00:00Z\"")
                + "]}");
    List<JsonNode> kept =
        PatientDataLoader.withoutObservationsTooOld(FhirJson.entries(bundle), NEEDS, TODAY);
    // A partial date stands for its first day and effectiveDateTime comes first, as in the chart;
    // an undated observation is left for the chart to refuse.
    assertThat(kept)
        .extracting(FhirJson::id)
        .containsExactly("first-day", "period-ends-inside", "undated");
    assertThat(bundle.get("entry").size()).as("the request itself is not changed").isEqualTo(9);
  }

  @Test
  void aBundleWithNothingToDropIsReturnedAsIs() {
    JsonNode bundle =
        JSON.readTree(
            "{\"resourceType\":\"Bundle\",\"entry\":["
                + obs("new", "\"effectiveDateTime\":\"2026-03-01\"")
                + "]}");
    List<JsonNode> entries = FhirJson.entries(bundle);
    assertThat(PatientDataLoader.withoutObservationsTooOld(entries, NEEDS, TODAY))
        .isSameAs(entries);
  }

  @Test
  void eachCodeKeepsItsOwnLookback() {
    DataNeeds needs =
        new DataNeeds(
            Set.of(DataKind.OBSERVATIONS),
            Set.of("http://loinc.org|718-7", "http://loinc.org|8636-3"),
            36500,
            Map.of("http://loinc.org|718-7", 30, "http://loinc.org|8636-3", 36500));
    JsonNode bundle =
        JSON.readTree(
            "{\"resourceType\":\"Bundle\",\"entry\":["
                + coded("hb-new", "718-7", "2026-12-01")
                + ","
                + coded("hb-old", "718-7", "2026-11-29")
                + ","
                + coded("qtc-old", "8636-3", "1990-01-01")
                + ","
                + coded("other-old", "2160-0", "1990-01-01")
                + "]}");
    // an unlisted code keeps the overall lookback (a filter-defined value set might match it)
    assertThat(PatientDataLoader.withoutObservationsTooOld(FhirJson.entries(bundle), needs, TODAY))
        .extracting(FhirJson::id)
        .containsExactly("hb-new", "qtc-old", "other-old");
  }

  private static String coded(String id, String code, String date) {
    return obs(
        id,
        "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
            + code
            + "\"}]},\"effectiveDateTime\":\""
            + date
            + "\"");
  }

  private static String obs(String id, String fields) {
    return "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"" + id + "\"," + fields + "}}";
  }
}
