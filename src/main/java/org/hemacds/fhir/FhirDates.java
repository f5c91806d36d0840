package org.hemacds.fhir;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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

  /**
   * A FHIR instant (a full date-time with zone: {@code YYYY-MM-DDThh:mm[:ss[.f…]](Z|±hh:mm)}) as an
   * Instant, or null. Read by hand: the chart reads one or two per Observation, and {@code
   * OffsetDateTime.parse} made the chart five times slower; it accepts what {@code
   * OffsetDateTime.parse} accepts of that shape (FhirDatesTest holds the two to each other).
   */
  public static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    LocalDate date = length < 17 ? null : day(value.substring(0, 10));
    if (date == null
        || value.charAt(10) != 'T'
        || !digits(value, 11, 13)
        || value.charAt(13) != ':'
        || !digits(value, 14, 16)) {
      return null;
    }
    int hour = Integer.parseInt(value, 11, 13, 10);
    int minute = Integer.parseInt(value, 14, 16, 10);
    int second = 0;
    int nanos = 0;
    int i = 16;
    if (i < length && value.charAt(i) == ':') {
      if (i + 3 > length || !digits(value, i + 1, i + 3)) {
        return null;
      }
      second = Integer.parseInt(value, i + 1, i + 3, 10);
      i += 3;
      if (i < length && value.charAt(i) == '.') {
        int start = ++i;
        while (i < length && i - start < 9 && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
          i++;
        }
        if (i == start) {
          return null;
        }
        nanos = Integer.parseInt(value, start, i, 10) * POWERS[9 - (i - start)];
      }
    }
    if (hour > 23 || minute > 59 || second > 59 || i >= length) {
      return null;
    }
    int offset;
    char sign = value.charAt(i);
    if (sign == 'Z') {
      if (i + 1 != length) {
        return null;
      }
      offset = 0;
    } else if ((sign == '+' || sign == '-')
        && i + 6 == length
        && digits(value, i + 1, i + 3)
        && value.charAt(i + 3) == ':'
        && digits(value, i + 4, i + 6)) {
      int offsetHours = Integer.parseInt(value, i + 1, i + 3, 10);
      int offsetMinutes = Integer.parseInt(value, i + 4, i + 6, 10);
      if (offsetHours > 18 || offsetMinutes > 59 || (offsetHours == 18 && offsetMinutes > 0)) {
        return null;
      }
      offset = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return null;
    }
    long seconds = date.toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second - offset;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

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
    return instant(effective(observation));
  }

  /**
   * The day the chart gives an Observation: effectiveDateTime, effectivePeriod's end (else start),
   * effectiveInstant, else issued; null when none is a date.
   */
  public static LocalDate observationDay(JsonNode observation) {
    LocalDate date = day(effective(observation));
    return date != null ? date : day(observation, "issued");
  }

  /**
   * The effective[x] value an Observation is dated by: effectiveDateTime, effectivePeriod's end
   * (its start when the end is no date), effectiveInstant; null when there is none.
   */
  private static String effective(JsonNode observation) {
    String dateTime = FhirJson.string(observation, "effectiveDateTime");
    if (dateTime != null) {
      return dateTime;
    }
    JsonNode period = FhirJson.object(observation, "effectivePeriod");
    if (period != null) {
      String end = FhirJson.string(period, "end");
      return day(end) != null ? end : FhirJson.string(period, "start");
    }
    return FhirJson.string(observation, "effectiveInstant");
  }
}
