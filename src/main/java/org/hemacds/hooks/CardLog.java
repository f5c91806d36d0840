package org.hemacds.hooks;

import java.util.List;

/**
 * Where every card the service returns is recorded with the rule that produced it, so that feedback
 * on a card can be joined to its rule. Implementations return at once and never throw: recording
 * must neither slow nor break an invocation.
 */
public interface CardLog {

  /** Records the cards of one answer. */
  void record(Shown shown);

  /** Records nothing (offline evaluation). */
  CardLog NONE = shown -> {};

  /**
   * The cards of one answer. {@code patientId} is the raw id from the request: an implementation
   * keeps only a salted hash of it.
   */
  record Shown(String serviceId, String hookInstance, String patientId, List<ShownCard> cards) {

    @Override
    public String toString() {
      return "Shown[service=" + serviceId + ", hookInstance=" + hookInstance + ", cards=" + cards;
    }
  }

  /** One card and the rule (id and version) whose decision it renders. */
  record ShownCard(String cardUuid, String ruleId, int ruleVersion) {}
}
