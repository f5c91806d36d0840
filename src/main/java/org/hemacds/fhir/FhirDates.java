package org.hemacds.fhir;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * FHIR date, dateTime and instant values as calendar days, read as written (in the timezone of the
 * value): a partial date (year or year-month) stands for its first day. A value that is not a FHIR
 * date is no date at all (null), never a guess.
 */
public final class FhirDates {

  /** What may follow a full date: a time, with seconds and zone optional. */
  private static final Pattern TIME =
      Pattern.compile("T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})?");

  private FhirDates() {}

  /** The day of a FHIR date, dateTime or instant string, or null. */
  public static LocalDate day(String value) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    boolean shape =
        switch (length) {
          case 4 -> digits(value, 0, 4);
          case 7 -> digits(value, 0, 4) && value.charAt(4) == '-' && digits(value, 5, 7);
          default ->
              length >= 10
                  && digits(value, 0, 4)
                  && value.charAt(4) == '-'
                  && digits(value, 5, 7)
                  && value.charAt(7) == '-'
                  && digits(value, 8, 10)
                  && (length == 10 || TIME.matcher(value).region(10, length).matches());
        };
    if (!shape) {
      return null;
    }
    try {
      int year = Integer.parseInt(value, 0, 4, 10);
      int month = length >= 7 ? Integer.parseInt(value, 5, 7, 10) : 1;
      int day = length >= 10 ? Integer.parseInt(value, 8, 10, 10) : 1;
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean digits(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The day of a primitive element ({@code node[field]}), or null. */
  public static LocalDate day(JsonNode node, String field) {
    return day(FhirJson.string(node, field));
  }

  /** A FHIR instant (a full date-time with zone) as an Instant, or null. */
  public static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A Period's start day, or null. */
  public static LocalDate start(JsonNode period) {
    return day(period, "start");
  }

  /** A Period's end day, else its start day, or null. */
  public static LocalDate end(JsonNode period) {
    LocalDate end = day(period, "end");
    return end != null ? end : start(period);
  }

  /**
   * The start of a {@code <prefix>[x]} choice read as dateTime or Period (Age, Range, string and
   * the like give null).
   */
  public static LocalDate choiceStart(JsonNode resource, String prefix) {
    String dateTime = FhirJson.string(resource, prefix + "DateTime");
    if (dateTime != null) {
      return day(dateTime);
    }
    return start(FhirJson.object(resource, prefix + "Period"));
  }

  /** The end of a {@code <prefix>[x]} choice: a dateTime, or a Period's end (else its start). */
  public static LocalDate choiceEnd(JsonNode resource, String prefix) {
    String dateTime = FhirJson.string(resource, prefix + "DateTime");
    if (dateTime != null) {
      return day(dateTime);
    }
    return end(FhirJson.object(resource, prefix + "Period"));
  }

  /**
   * The instant of an Observation's effective time when it gives a time of day with its zone
   * (effectiveDateTime, effectivePeriod's end else start, effectiveInstant), else null: what orders
   * two results of the same day.
   */
  public static Instant observationTime(JsonNode observation) {
    String dateTime = FhirJson.string(observation, "effectiveDateTime");
    if (dateTime != null) {
      return instant(dateTime);
    }
    JsonNode period = FhirJson.object(observation, "effectivePeriod");
    if (period != null) {
      String end = FhirJson.string(period, "end");
      return instant(day(end) != null ? end : FhirJson.string(period, "start"));
    }
    return instant(FhirJson.string(observation, "effectiveInstant"));
  }

  /**
   * The day the chart gives an Observation: effectiveDateTime, effectivePeriod's end (else start),
   * effectiveInstant, else issued; null when none is a date.
   */
  public static LocalDate observationDay(JsonNode observation) {
    String dateTime = FhirJson.string(observation, "effectiveDateTime");
    JsonNode period = FhirJson.object(observation, "effectivePeriod");
    LocalDate date;
    if (dateTime != null) {
      date = day(dateTime);
    } else if (period != null) {
      date = end(period);
    } else {
      date = day(observation, "effectiveInstant");
    }
    return date != null ? date : day(observation, "issued");
  }
}
