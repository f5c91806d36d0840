package org.hemacds.demo;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Moves every FHIR date, dateTime and instant in a JSON tree by a number of days, keeping the time
 * of day and the zone. The sample requests are written relative to an anchor date; shifting them by
 * (today - anchor) keeps every result as many days old as when they were written.
 */
public final class SampleDates {

  /**
   * A full date, optionally followed by a time: {@code 2026-11-25} or {@code 2026-11-25T08:10Z}.
   */
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T.*)?");

  private SampleDates() {}

  /** A copy of {@code node} with every date moved by {@code days}; {@code node} is unchanged. */
  public static JsonNode shift(JsonNode node, long days) {
    JsonNode copy = node.deepCopy();
    return days == 0 ? copy : shiftInPlace(copy, days);
  }

  /** The string moved by {@code days} if it is a full FHIR date or dateTime, else unchanged. */
  public static String shift(String value, long days) {
    if (value == null || !DATE.matcher(value).matches()) {
      return value;
    }
    try {
      LocalDate date = LocalDate.parse(value.substring(0, 10));
      return date.plusDays(days) + value.substring(10);
    } catch (DateTimeParseException e) {
      return value;
    }
  }

  private static JsonNode shiftInPlace(JsonNode node, long days) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
      for (Map.Entry<String, JsonNode> field : fields) {
        object.set(field.getKey(), shiftInPlace(field.getValue(), days));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, shiftInPlace(array.get(i), days));
      }
      return array;
    }
    if (node.isString()) {
      String moved = shift(node.stringValue(), days);
      return moved.equals(node.stringValue()) ? node : StringNode.valueOf(moved);
    }
    return node;
  }
}
