package org.hemacds.cards;

import java.time.LocalDate;

/** A date relative to a bound fact: "{@code days} days before/after {@code binding}". */
public record Relative(String binding, int days) {

  /** The bound fact's date, or null when unbound or undated. */
  LocalDate anchor(Evaluation evaluation) {
    Fact fact = evaluation.binding(binding);
    return fact == null ? null : fact.date();
  }
}
