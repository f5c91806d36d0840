package org.hemacds.fhir;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading FHIR R4 JSON resources as the request's JSON tree holds them, without building HAPI
 * objects: the chart reads a few elements of each resource, so only those are looked at. A value of
 * the wrong JSON type counts as absent (as HAPI's lenient parser drops it), never as a failure.
 */
public final class FhirJson {

  private FhirJson() {}

  /** The resource's type, or null when the node is not a JSON object with a string type. */
  public static String type(JsonNode resource) {
    if (resource == null || !resource.isObject()) {
      return null;
    }
    return string(resource, "resourceType");
  }

  /** True if the node is a resource of that type. */
  public static boolean is(JsonNode resource, String type) {
    return type.equals(type(resource));
  }

  /** A primitive's value: a non-blank JSON string, else null. */
  public static String string(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      return null;
    }
    String text = value.stringValue();
    return text.isBlank() ? null : text;
  }

  /** A complex element: a non-empty JSON object, else null. */
  public static JsonNode object(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value != null && value.isObject() && !value.isEmpty() ? value : null;
  }

  /** A repeating element's objects (an array's object items; nothing for any other value). */
  public static List<JsonNode> objects(JsonNode node, String field) {
    if (node == null) {
      return List.of();
    }
    JsonNode value = node.get(field);
    if (value == null || !value.isArray() || value.isEmpty()) {
      return List.of();
    }
    List<JsonNode> result = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (item.isObject()) {
        result.add(item);
      }
    }
    return result;
  }

  /** The resource's logical id, or null. */
  public static String id(JsonNode resource) {
    return string(resource, "id");
  }

  /** {@code Type/id}, with "(no id)" for a resource without one. */
  public static String ref(JsonNode resource) {
    String id = id(resource);
    return type(resource) + "/" + (id == null ? "(no id)" : id);
  }

  /** The {@code reference} of a Reference element, or null. */
  public static String reference(JsonNode node, String field) {
    return string(object(node, field), "reference");
  }

  /**
   * The entry resources of a searchset Bundle, each with its entry's fullUrl as id when it has none
   * (as HAPI's parser reads Bundles); null when the node is not a Bundle or its entries are not an
   * array of objects.
   */
  public static List<JsonNode> entries(JsonNode bundle) {
    if (!is(bundle, "Bundle")) {
      return null;
    }
    JsonNode entries = bundle.get("entry");
    if (entries == null) {
      return List.of();
    }
    if (!entries.isArray()) {
      return null;
    }
    List<JsonNode> result = new ArrayList<>(entries.size());
    for (JsonNode entry : entries) {
      if (!entry.isObject()) {
        return null;
      }
      JsonNode resource = entry.get("resource");
      if (resource == null || resource.isNull()) {
        continue;
      }
      if (type(resource) == null) {
        return null;
      }
      String fullUrl = string(entry, "fullUrl");
      if (fullUrl != null && id(resource) == null && resource instanceof ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.put("id", idPartOf(fullUrl));
        resource = copy;
      }
      result.add(resource);
    }
    return result;
  }

  /** True if the Bundle has a {@code next} link: a partial result. */
  /**
   * True when a search Bundle lists fewer matches than its {@code total} says there are and gives
   * no {@code next} link to the rest: a page, not the whole result. {@code matchesRead} counts the
   * matches of this page and any before it.
   */
  public static boolean fewerThanTotal(JsonNode bundle, long matchesRead) {
    JsonNode total = bundle.get("total");
    return total != null
        && total.isIntegralNumber()
        && total.canConvertToLong()
        && total.longValue() > matchesRead;
  }

  /** Entries of a search Bundle page that are matches (no {@code search.mode}, or "match"). */
  public static int matches(JsonNode bundle) {
    int matches = 0;
    for (JsonNode entry : objects(bundle, "entry")) {
      JsonNode resource = entry.get("resource");
      String mode = string(entry.path("search"), "mode");
      if (resource != null && !resource.isNull() && (mode == null || mode.equals("match"))) {
        matches++;
      }
    }
    return matches;
  }

  public static boolean hasNext(JsonNode bundle) {
    return nextLink(bundle) != null;
  }

  /** The {@code next} link's URL, or null. */
  public static String nextUrl(JsonNode bundle) {
    return string(nextLink(bundle), "url");
  }

  private static JsonNode nextLink(JsonNode bundle) {
    for (JsonNode link : objects(bundle, "link")) {
      if ("next".equals(string(link, "relation"))) {
        return link;
      }
    }
    return null;
  }

  /** The id a fullUrl gives: its last path segment, a {@code urn:} whole. */
  static String idPartOf(String fullUrl) {
    if (fullUrl.startsWith("urn:")) {
      return fullUrl;
    }
    String value = withoutHistory(fullUrl);
    int slash = value.lastIndexOf('/');
    return slash < 0 ? value : value.substring(slash + 1);
  }

  static String withoutHistory(String reference) {
    int history = reference.indexOf("/_history/");
    return history >= 0 ? reference.substring(0, history) : reference;
  }
}
