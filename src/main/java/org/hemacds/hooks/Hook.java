package org.hemacds.hooks;

import java.util.Arrays;
import java.util.Optional;

/** The CDS hooks this service answers, with the context fields each requires. */
public enum Hook {
  PATIENT_VIEW("patient-view"),
  ORDER_SELECT("order-select"),
  ORDER_SIGN("order-sign");

  private final String id;

  Hook(String id) {
    this.id = id;
  }

  /** The hook name as it appears on the wire, e.g. {@code order-select}. */
  public String id() {
    return id;
  }

  public boolean hasDraftOrders() {
    return this != PATIENT_VIEW;
  }

  public static Optional<Hook> fromId(String id) {
    return Arrays.stream(values()).filter(h -> h.id.equals(id)).findFirst();
  }
}
