package org.hemacds.hooks;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A validated CDS Hooks request. {@code prefetch} maps each key the client sent to its value; a
 * JSON {@code null} value is kept as a null node ("the client looked and found nothing").
 */
public record HookRequest(
    Hook hook,
    String hookInstance,
    String fhirServer,
    FhirAuthorization fhirAuthorization,
    HookContext context,
    Map<String, JsonNode> prefetch) {

  @Override
  public String toString() {
    // Never print resources or tokens: they carry patient data and secrets.
    return "HookRequest[hook=" + hook.id() + ", hookInstance=" + hookInstance + "]";
  }
}
