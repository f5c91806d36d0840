package org.hemacds.fhir;

import org.hl7.fhir.r4.model.Resource;

/**
 * One unsigned order from {@code context.draftOrders}.
 *
 * @param reference {@code Type/id}, as {@code context.selections} names it
 * @param selected true on order-sign, and on order-select when named in selections
 */
public record DraftOrder(String reference, Resource resource, boolean selected) {

  @Override
  public String toString() {
    return "DraftOrder[" + reference + ", selected=" + selected + "]";
  }
}
