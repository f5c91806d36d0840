package org.hemacds.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads {@code context.draftOrders}: each entry that is a FHIR R4 resource, as its JSON. */
public final class DraftOrders {

  private DraftOrders() {}

  /**
   * @param selections the order-select selections ({@code Type/id}); ignored when {@code all}
   * @param all order-sign: every draft order is the subject of the call
   */
  public static List<DraftOrder> read(
      JsonNode bundle, Set<String> selections, boolean all, ResourceTypes resourceTypes) {
    List<DraftOrder> orders = new ArrayList<>();
    if (bundle == null) {
      return orders;
    }
    JsonNode entries = bundle.path("entry");
    int index = 0;
    for (JsonNode entry : entries) {
      index++;
      JsonNode resourceNode = entry.path("resource");
      if (!resourceNode.isObject()) {
        continue;
      }
      String type = FhirJson.type(resourceNode);
      if (type == null || !resourceTypes.contains(type)) {
        continue;
      }
      String id = FhirJson.id(resourceNode);
      String reference = type + "/" + (id == null ? "entry-" + index : id);
      boolean selected = all || (id != null && selections.contains(reference));
      orders.add(new DraftOrder(reference, resourceNode, selected));
    }
    return orders;
  }
}
