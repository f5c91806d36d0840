package org.hemacds.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hemacds.demo.SampleLibrary.Sample;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SampleDatesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void movesDatesAndDateTimesKeepingTimeAndZone() {
    assertThat(SampleDates.shift("2026-11-25", 10)).isEqualTo("2026-12-05");
    assertThat(SampleDates.shift("2026-11-25T08:10:00Z", 10)).isEqualTo("2026-12-05T08:10:00Z");
    assertThat(SampleDates.shift("2026-02-28T23:59:59+01:00", 366))
        .isEqualTo("2027-03-01T23:59:59+01:00");
    assertThat(SampleDates.shift("2028-02-28", 1)).isEqualTo("2028-02-29");
    assertThat(SampleDates.shift("2026-11-25", -30)).isEqualTo("2026-10-26");
  }

  @Test
  void leavesEverythingElseAlone() {
    assertThat(SampleDates.shift("2026", 10)).isEqualTo("2026");
    assertThat(SampleDates.shift("2026-11", 10)).isEqualTo("2026-11");
    assertThat(SampleDates.shift("2026-02-30", 1)).isEqualTo("2026-02-30");
    assertThat(SampleDates.shift("MRN-2026-11-25", 1)).isEqualTo("MRN-2026-11-25");
    assertThat(SampleDates.shift("4d019569-6fcd-4936-9466-1869787a7ea9", 1))
        .isEqualTo("4d019569-6fcd-4936-9466-1869787a7ea9");
  }

  @Test
  void shiftsAWholeTreeWithoutTouchingTheOriginal() {
    JsonNode original =
        JSON.readTree(
            "{\"a\":\"2026-11-25\",\"b\":[{\"c\":\"2026-01-01T00:00:00Z\",\"n\":7}],"
                + "\"2026-11-25\":\"key stays\"}");
    JsonNode moved = SampleDates.shift(original, 3);
    assertThat(moved.toString())
        .isEqualTo(
            "{\"a\":\"2026-11-28\",\"b\":[{\"c\":\"2026-01-04T00:00:00Z\",\"n\":7}],"
                + "\"2026-11-25\":\"key stays\"}");
    assertThat(original.path("a").asString()).isEqualTo("2026-11-25");
  }

  @Test
  void theLibraryMovesSamplesByTodayMinusTheAnchor() {
    Clock later = Clock.fixed(Instant.parse("2027-03-08T12:00:00Z"), ZoneOffset.UTC);
    SampleLibrary library =
        new SampleLibrary(new DefaultResourceLoader(), SampleLibrary.LOCATION, later);
    long days = library.shiftDays();
    assertThat(library.anchor().plusDays(days).toString()).isEqualTo("2027-03-08");
    Sample sample = library.sample("patient-view-aplastic-anemia.json").orElseThrow();
    String stored = sample.request().path("prefetch").path("patient").path("birthDate").asString();
    String moved =
        library.request(sample).path("prefetch").path("patient").path("birthDate").asString();
    assertThat(moved).isEqualTo(SampleDates.shift(stored, days));
    assertThat(moved).isNotEqualTo(stored);
  }
}
