package org.hemacds.cards;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * Clinical dates as calendar days, read as written (in the timezone of the value). A partial date
 * (year or year-month) stands for its first day.
 */
final class ClinicalDates {

  private ClinicalDates() {}

  static LocalDate of(BaseDateTimeType value) {
    if (value == null || value.getValue() == null || value.getYear() == null) {
      return null;
    }
    int month = value.getMonth() == null ? 1 : value.getMonth() + 1;
    int day = value.getDay() == null ? 1 : value.getDay();
    try {
      return LocalDate.of(value.getYear(), month, day);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** dateTime, or a Period's start; null for any other type (Age, Range, string). */
  static LocalDate start(Type value) {
    if (value instanceof BaseDateTimeType dateTime) {
      return of(dateTime);
    }
    if (value instanceof Period period && period.hasStartElement()) {
      return of(period.getStartElement());
    }
    return null;
  }

  /** dateTime, or a Period's end (else its start). */
  static LocalDate end(Type value) {
    if (value instanceof Period period) {
      if (period.hasEndElement()) {
        return of(period.getEndElement());
      }
      return period.hasStartElement() ? of(period.getStartElement()) : null;
    }
    return start(value);
  }

  /** Days from {@code date} to {@code today}; negative for a future date. */
  static long daysAgo(LocalDate date, LocalDate today) {
    return ChronoUnit.DAYS.between(date, today);
  }

  /** "Within N days" includes day N (rules.md §0), and not in the future. */
  static boolean within(LocalDate date, LocalDate today, int days) {
    if (date == null) {
      return false;
    }
    long ago = daysAgo(date, today);
    return ago >= 0 && ago <= days;
  }
}
