package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FHIR date, dateTime and instant strings read as calendar days, as written. */
class FhirDatesTest {

  @ParameterizedTest
  @CsvSource({
    "2024, 2024-01-01",
    "2024-03, 2024-03-01",
    "2024-03-05, 2024-03-05",
    "2024-03-05T23:30:00-05:00, 2024-03-05", // the day as written, not UTC's
    "2024-03-05T00:10:00+14:00, 2024-03-05",
    "2024-03-05T08:00:00Z, 2024-03-05",
    "2024-03-05T08:00:00.123Z, 2024-03-05",
    "2024-03-05T08:00, 2024-03-05",
    "2024-02-29, 2024-02-29",
  })
  void readsTheDayAsWritten(String value, LocalDate day) {
    assertThat(FhirDates.day(value)).isEqualTo(day);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "24",
        "2024-3-5",
        "2024-13-01",
        "2023-02-29",
        "2024-02-30",
        "2024-03-05 08:00:00",
        "2024-03-05T",
        "2024-03-05T8:00",
        "2024-03-05T08:00:00+5",
        "05/03/2024",
        "２０２４-03-05",
        "yesterday",
      })
  void anythingElseIsNoDate(String value) {
    assertThat(FhirDates.day(value)).isNull();
  }

  @Test
  void instantsNeedAZone() {
    assertThat(FhirDates.instant("2024-03-05T08:00:00+01:00"))
        .isEqualTo(Instant.parse("2024-03-05T07:00:00Z"));
    assertThat(FhirDates.instant("2024-03-05T08:00:00")).isNull();
    assertThat(FhirDates.instant("2024-03-05")).isNull();
    assertThat(FhirDates.instant(null)).isNull();
  }

  /** The hand-written reading agrees with {@code OffsetDateTime.parse} on FHIR's instant shapes. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-03-05T08:00:00Z",
        "2024-03-05T08:00Z",
        "2024-03-05T23:59:59.999999999+14:00",
        "2024-03-05T00:00:00.1-12:30",
        "2024-02-29T12:34:56.789+05:45",
        "1999-12-31T23:59:59-00:00",
        "2024-03-05T08:00:00+18:00",
        "2024-03-05T08:00:00+18:01",
        "2024-03-05T08:00:00+19:00",
        "2024-03-05T24:00:00Z",
        "2024-03-05T08:60:00Z",
        "2024-03-05T08:00:61Z",
        "2024-02-30T08:00:00Z",
        "2024-03-05T08:00:00",
        "2024-03-05T08:00:00+0100",
        "2024-03-05T08:00:00+1:00",
        "2024-03-05T08:00:00.1234567890Z",
        "2024-03-05 08:00:00Z",
        "2024-03-05T8:00:00Z",
        "2024-03-05T08:00:00ZZ",
        "2024-03-05T08:00:00Z ",
      })
  void instantsAgreeWithTheJdksParser(String value) {
    Instant jdk;
    try {
      jdk = java.time.OffsetDateTime.parse(value).toInstant();
    } catch (java.time.DateTimeException e) {
      jdk = null;
    }
    assertThat(FhirDates.instant(value)).as(value).isEqualTo(jdk);
  }

  @Test
  void whereTheJdkIsMoreLenientThanFhirTheValueIsNoInstant() {
    // FHIR offsets are ±hh:mm, and a decimal point needs digits.
    assertThat(FhirDates.instant("2024-03-05T08:00:00+01:00:30")).isNull();
    assertThat(FhirDates.instant("2024-03-05T08:00:00.Z")).isNull();
  }

  @Test
  void periodsAndChoicesOfType() {
    var period = FhirTestJson.json("{\"start\":\"2024-01-02\",\"end\":\"2024-02-03\"}");
    assertThat(FhirDates.start(period)).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(FhirDates.end(period)).isEqualTo(LocalDate.of(2024, 2, 3));
    var open = FhirTestJson.json("{\"start\":\"2024-01-02\"}");
    assertThat(FhirDates.end(open))
        .as("an open period ends at its start")
        .isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(FhirDates.start(FhirTestJson.json("{\"end\":\"2024-01-02\"}"))).isNull();

    var condition =
        FhirTestJson.json(
            "{\"onsetPeriod\":{\"start\":\"2020-05\",\"end\":\"2021\"},\"abatementString\":\"x\"}");
    assertThat(FhirDates.choiceStart(condition, "onset")).isEqualTo(LocalDate.of(2020, 5, 1));
    assertThat(FhirDates.choiceEnd(condition, "onset")).isEqualTo(LocalDate.of(2021, 1, 1));
    assertThat(FhirDates.choiceStart(condition, "abatement")).as("a string is no date").isNull();
    assertThat(FhirDates.choiceStart(FhirTestJson.json("{\"onsetAge\":{\"value\":40}}"), "onset"))
        .isNull();
  }

  @Test
  void anObservationIsDatedByEffectiveFirstThenIssued() {
    assertThat(
            FhirDates.observationDay(
                FhirTestJson.json(
                    "{\"effectiveDateTime\":\"2024-01-01\",\"issued\":\"2024-01-03T00:00:00Z\"}")))
        .isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(
            FhirDates.observationDay(
                FhirTestJson.json(
                    "{\"effectivePeriod\":{\"start\":\"2024-01-01\",\"end\":\"2024-01-02\"}}")))
        .isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(
            FhirDates.observationDay(
                FhirTestJson.json("{\"effectiveInstant\":\"2024-01-05T10:00:00Z\"}")))
        .isEqualTo(LocalDate.of(2024, 1, 5));
    assertThat(
            FhirDates.observationDay(
                FhirTestJson.json(
                    "{\"effectiveDateTime\":\"not a date\",\"issued\":\"2024-01-03T09:00:00Z\"}")))
        .as("an unreadable effective date falls back on issued")
        .isEqualTo(LocalDate.of(2024, 1, 3));
    assertThat(
            FhirDates.observationDay(
                FhirTestJson.json("{\"effectiveDateTime\":20240101,\"_issued\":{\"id\":\"x\"}}")))
        .as("a number or a bare primitive extension is no date")
        .isNull();
  }

  @Test
  void anObservationsTimeOfDayIsItsEffectiveInstantWhenItHasOne() {
    assertThat(
            FhirDates.observationTime(
                FhirTestJson.json("{\"effectiveDateTime\":\"2024-01-01T16:00:00+01:00\"}")))
        .isEqualTo(Instant.parse("2024-01-01T15:00:00Z"));
    assertThat(
            FhirDates.observationTime(
                FhirTestJson.json(
                    "{\"effectivePeriod\":{\"start\":\"2024-01-01T08:00:00Z\","
                        + "\"end\":\"2024-01-01T09:30:00Z\"}}")))
        .isEqualTo(Instant.parse("2024-01-01T09:30:00Z"));
    assertThat(
            FhirDates.observationTime(
                FhirTestJson.json("{\"effectiveInstant\":\"2024-01-05T10:00:00Z\"}")))
        .isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
    assertThat(
            FhirDates.observationTime(
                FhirTestJson.json(
                    "{\"effectiveDateTime\":\"2024-01-01\",\"issued\":\"2024-01-03T00:00:00Z\"}")))
        .as("a date alone has no time of day; issued is not the effective time")
        .isNull();
  }
}
