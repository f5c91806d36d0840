package org.hemacds.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hemacds.fhir.FhirServerPolicy;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a parsed JSON body into a {@link HookRequest}, or a 400 that names the bad field. Checks
 * only the CDS Hooks envelope; FHIR resources inside it are parsed leniently later.
 */
@Component
class HookRequestParser {

  /** FHIR id datatype. */
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private static final Pattern RELATIVE_REFERENCE =
      Pattern.compile("[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\\-.]{1,64}");

  private static final int MAX_TEXT = 512;

  /** A UUID by the spec; at most what the card log keeps (card_log.hook_instance). */
  static final int MAX_HOOK_INSTANCE = 128;

  private final FhirServerPolicy fhirServerPolicy;
  private final int maxBundleEntries;

  HookRequestParser(FhirServerPolicy fhirServerPolicy, LimitsProperties limits) {
    this.fhirServerPolicy = fhirServerPolicy;
    this.maxBundleEntries = limits.maxBundleEntries();
  }

  HookRequest parse(JsonNode body, Hook expectedHook) {
    if (body == null || !body.isObject()) {
      throw CdsException.badRequest("The request body must be a JSON object.");
    }
    String hook = requiredString(body, "hook", "hook");
    if (!hook.equals(expectedHook.id())) {
      throw CdsException.badRequest(
          "Field 'hook' is '"
              + CdsException.sanitize(hook)
              + "' but this service answers '"
              + expectedHook.id()
              + "'.");
    }
    String hookInstance = requiredString(body, "hookInstance", "hookInstance");
    if (hookInstance.length() > MAX_HOOK_INSTANCE) {
      throw CdsException.badRequest(
          "Field 'hookInstance' is longer than "
              + MAX_HOOK_INSTANCE
              + " characters (it should be a UUID).");
    }
    String fhirServer = optionalString(body, "fhirServer", "fhirServer");
    FhirAuthorization authorization = fhirAuthorization(body.get("fhirAuthorization"));
    if (authorization != null && fhirServer == null) {
      throw CdsException.badRequest(
          "Field 'fhirServer' is required when 'fhirAuthorization' is present.");
    }
    if (fhirServer != null && !fhirServerPolicy.isAllowed(fhirServer)) {
      throw CdsException.badRequest(
          "Field 'fhirServer' is not an allowed FHIR server (see cds.fhir.allowed-servers).");
    }
    JsonNode contextNode = body.get("context");
    if (contextNode == null || contextNode.isNull()) {
      throw CdsException.badRequest("Field 'context' is required.");
    }
    if (!contextNode.isObject()) {
      throw CdsException.badRequest("Field 'context' must be a JSON object.");
    }
    HookContext context = context(contextNode, expectedHook);
    Map<String, JsonNode> prefetch = prefetch(body.get("prefetch"));
    return new HookRequest(
        expectedHook, hookInstance, fhirServer, authorization, context, prefetch);
  }

  private HookContext context(JsonNode node, Hook hook) {
    String userId = requiredString(node, "userId", "context.userId");
    String patientId = requiredString(node, "patientId", "context.patientId");
    if (!FHIR_ID.matcher(patientId).matches()) {
      throw CdsException.badRequest(
          "Field 'context.patientId' must be a FHIR id (e.g. '123'), not a reference or URL.");
    }
    String encounterId = optionalString(node, "encounterId", "context.encounterId");
    List<String> selections = List.of();
    JsonNode draftOrders = null;
    if (hook == Hook.ORDER_SELECT) {
      selections = selections(node.get("selections"));
    }
    if (hook.hasDraftOrders()) {
      draftOrders = draftOrders(node.get("draftOrders"));
    }
    return new HookContext(userId, patientId, encounterId, selections, draftOrders);
  }

  private static List<String> selections(JsonNode node) {
    if (node == null || node.isNull()) {
      throw CdsException.badRequest("Field 'context.selections' is required for order-select.");
    }
    if (!node.isArray()) {
      throw CdsException.badRequest("Field 'context.selections' must be an array of 'Type/id'.");
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isString() || !RELATIVE_REFERENCE.matcher(item.stringValue()).matches()) {
        throw CdsException.badRequest(
            "Field 'context.selections[" + i + "]' must be a reference 'Type/id'.");
      }
      result.add(item.stringValue());
    }
    return List.copyOf(result);
  }

  private JsonNode draftOrders(JsonNode node) {
    if (node == null || node.isNull()) {
      throw CdsException.badRequest("Field 'context.draftOrders' is required for this hook.");
    }
    if (!node.isObject() || !"Bundle".equals(node.path("resourceType").asString(""))) {
      throw CdsException.badRequest("Field 'context.draftOrders' must be a FHIR Bundle.");
    }
    JsonNode entries = node.get("entry");
    if (entries != null && !entries.isNull() && !entries.isArray()) {
      throw CdsException.badRequest("Field 'context.draftOrders.entry' must be an array.");
    }
    checkEntries(entries, "context.draftOrders.entry");
    return node;
  }

  /**
   * A Bundle with more entries than {@code cds.limits.max-bundle-entries} is refused before any of
   * them is read: each entry costs the chart's reading, so the count bounds the work of one call.
   */
  private void checkEntries(JsonNode entries, String path) {
    if (entries != null && entries.isArray() && entries.size() > maxBundleEntries) {
      throw CdsException.badRequest(
          "Field '"
              + path
              + "' has "
              + entries.size()
              + " entries; at most "
              + maxBundleEntries
              + " are accepted (cds.limits.max-bundle-entries).");
    }
  }

  private static FhirAuthorization fhirAuthorization(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw CdsException.badRequest("Field 'fhirAuthorization' must be a JSON object.");
    }
    String token = requiredString(node, "access_token", "fhirAuthorization.access_token");
    String tokenType = requiredString(node, "token_type", "fhirAuthorization.token_type");
    if (!"bearer".equalsIgnoreCase(tokenType)) {
      throw CdsException.badRequest("Field 'fhirAuthorization.token_type' must be 'Bearer'.");
    }
    Long expiresIn = null;
    JsonNode expires = node.get("expires_in");
    if (expires != null && !expires.isNull()) {
      // canConvertToLong: a huge integer would otherwise fail in longValue() (a 500).
      if (!expires.isIntegralNumber() || !expires.canConvertToLong()) {
        throw CdsException.badRequest(
            "Field 'fhirAuthorization.expires_in' must be an integer number of seconds.");
      }
      expiresIn = expires.longValue();
    }
    return new FhirAuthorization(
        token,
        "Bearer",
        expiresIn,
        optionalString(node, "scope", "fhirAuthorization.scope"),
        optionalString(node, "subject", "fhirAuthorization.subject"),
        optionalString(node, "patient", "fhirAuthorization.patient"));
  }

  private Map<String, JsonNode> prefetch(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw CdsException.badRequest("Field 'prefetch' must be a JSON object.");
    }
    Map<String, JsonNode> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (!value.isNull() && !value.isObject()) {
        throw CdsException.badRequest(
            "Field 'prefetch."
                + CdsException.sanitize(entry.getKey())
                + "' must be a FHIR resource or null.");
      }
      if ("Bundle".equals(value.path("resourceType").asString(""))) {
        checkEntries(
            value.get("entry"), "prefetch." + CdsException.sanitize(entry.getKey()) + ".entry");
      }
      result.put(entry.getKey(), value);
    }
    return result;
  }

  private static String requiredString(JsonNode parent, String name, String path) {
    String value = optionalString(parent, name, path);
    if (value == null) {
      throw CdsException.badRequest("Field '" + path + "' is required.");
    }
    return value;
  }

  private static String optionalString(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw CdsException.badRequest("Field '" + path + "' must be a string.");
    }
    String value = node.stringValue();
    if (value.isBlank()) {
      throw CdsException.badRequest("Field '" + path + "' must not be empty.");
    }
    if (value.length() > MAX_TEXT && !"fhirAuthorization.access_token".equals(path)) {
      throw CdsException.badRequest(
          "Field '" + path + "' is longer than " + MAX_TEXT + " characters.");
    }
    return value;
  }
}
