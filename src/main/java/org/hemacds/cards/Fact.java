package org.hemacds.cards;

import java.time.LocalDate;
import java.util.Map;

/**
 * One piece of evidence: a markdown line for the card's "Why this card" section and named fields
 * for the card's placeholders ({@code value}, {@code unit}, {@code date}, {@code display}, ...).
 *
 * @param date the clinical date of the fact, used by criteria relative to it (may be null)
 */
public record Fact(String line, Map<String, String> fields, LocalDate date) {

  public static Fact note(String line) {
    return new Fact(line, Map.of(), null);
  }

  public String field(String name) {
    return fields.get(name);
  }
}
