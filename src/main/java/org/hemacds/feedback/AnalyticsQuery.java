package org.hemacds.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.hemacds.hooks.CdsException;
import org.hemacds.hooks.CdsServiceCatalog;

/**
 * The filters of {@code GET /analytics/rules}: cards shown by {@code service}, in {@code [from,
 * to)}. A date ({@code 2026-11-02}) means that whole UTC day, so {@code to=2026-11-08} includes the
 * 8th; a date-time ({@code 2026-11-02T08:00:00Z}) is an exact instant, {@code to} exclusive. Every
 * field may be null (no filter).
 */
record AnalyticsQuery(String service, Instant from, Instant to) {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

  static AnalyticsQuery parse(
      String[] service, String[] from, String[] to, CdsServiceCatalog catalog) {
    String serviceId = single("service", service);
    if (serviceId != null && catalog.find(serviceId).isEmpty()) {
      throw CdsException.badRequest(
          "'service' must be one of this deployment's service ids, not '"
              + CdsException.sanitize(serviceId)
              + "'.");
    }
    Instant start = instant("from", single("from", from), false);
    Instant end = instant("to", single("to", to), true);
    if (start != null && end != null && !start.isBefore(end)) {
      throw CdsException.badRequest("'from' must be before 'to'.");
    }
    return new AnalyticsQuery(serviceId, start, end);
  }

  private static String single(String name, String[] values) {
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw CdsException.badRequest("'" + name + "' may be given only once.");
    }
    if (values[0].isBlank()) {
      throw CdsException.badRequest("'" + name + "' must not be empty.");
    }
    return values[0];
  }

  private static Instant instant(String name, String value, boolean endOfDay) {
    if (value == null) {
      return null;
    }
    try {
      if (DATE.matcher(value).matches()) {
        LocalDate day = LocalDate.parse(value);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (DATE_TIME.matcher(value).matches()) {
        return OffsetDateTime.parse(value.replace('t', 'T').replace('z', 'Z')).toInstant();
      }
    } catch (DateTimeParseException e) {
      // falls through to the message below
    }
    throw CdsException.badRequest(
        "'"
            + name
            + "' must be a date (2026-11-02) or an RFC 3339 date-time (2026-11-02T08:00:00Z), not '"
            + CdsException.sanitize(value)
            + "'.");
  }
}
