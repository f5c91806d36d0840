package org.hemacds.cards;

import java.util.List;

/** The result of one criterion: its truth and the facts that made it so. */
public record Outcome(Truth truth, List<Fact> evidence) {

  public static final Outcome FALSE = new Outcome(Truth.FALSE, List.of());
  public static final Outcome UNKNOWN = new Outcome(Truth.UNKNOWN, List.of());

  public static Outcome of(boolean value) {
    return value ? new Outcome(Truth.TRUE, List.of()) : FALSE;
  }

  public static Outcome isTrue(List<Fact> evidence) {
    return new Outcome(Truth.TRUE, evidence);
  }

  public static Outcome isTrue(Fact fact) {
    return new Outcome(Truth.TRUE, List.of(fact));
  }
}
