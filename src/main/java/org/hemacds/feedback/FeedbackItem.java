package org.hemacds.feedback;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One validated CDS Hooks feedback item.
 *
 * @param acceptedSuggestions suggestion ids, non-empty exactly when the outcome is accepted
 * @param reason the override reason Coding, or null (a plain dismiss, or a comment only)
 * @param userComment the clinician's comment, or null
 */
record FeedbackItem(
    String card,
    Outcome outcome,
    List<String> acceptedSuggestions,
    Reason reason,
    String userComment,
    OffsetDateTime outcomeTimestamp) {

  enum Outcome {
    ACCEPTED("accepted"),
    OVERRIDDEN("overridden");

    private final String code;

    Outcome(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  /** An override reason Coding: a code, optionally its system and display. */
  record Reason(String system, String code, String display) {}

  @Override
  public String toString() {
    // The comment is free text a clinician typed: keep it out of logs.
    return "FeedbackItem[card=" + card + ", outcome=" + outcome.code() + "]";
  }
}
