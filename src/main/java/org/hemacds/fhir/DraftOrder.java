package org.hemacds.fhir;

import tools.jackson.databind.JsonNode;

/**
 * One unsigned order from {@code context.draftOrders}.
 *
 * @param reference {@code Type/id}, as {@code context.selections} names it
 * @param resource the order as FHIR JSON
 * @param selected true on order-sign, and on order-select when named in selections
 */
public record DraftOrder(String reference, JsonNode resource, boolean selected) {

  @Override
  public String toString() {
    return "DraftOrder[" + reference + ", selected=" + selected + "]";
  }
}
