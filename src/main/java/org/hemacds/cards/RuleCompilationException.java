package org.hemacds.cards;

import java.util.List;

/**
 * Thrown when {@code cards/} does not compile; lists every problem as {@code file:line: message}.
 */
public class RuleCompilationException extends RuntimeException {

  private final List<String> errors;

  public RuleCompilationException(List<String> errors) {
    super(
        "The rule catalogue has " + errors.size() + " error(s):\n  " + String.join("\n  ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
