package org.hemacds.hooks;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The hook's {@code context}. {@code draftOrders} is the raw Bundle (null for patient-view); {@code
 * selections} is empty except for order-select.
 */
public record HookContext(
    String userId,
    String patientId,
    String encounterId,
    List<String> selections,
    JsonNode draftOrders) {

  @Override
  public String toString() {
    return "HookContext[selections=" + selections.size() + "]";
  }
}
