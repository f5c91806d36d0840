package org.hemacds.cards;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Clinical dates as calendar days ({@link org.hemacds.fhir.FhirDates} reads them, as written): how
 * far back a day is, and whether it is within a rule's window.
 */
final class ClinicalDates {

  private ClinicalDates() {}

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
