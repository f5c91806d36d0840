package org.hemacds.feedback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cds.feedback.*}.
 *
 * @param patientSalt salt of the patient hash in the card log; unset: a random salt is generated on
 *     first start and kept in the database, so every replica on that database shares it
 * @param cardLogCapacity cards waiting to be written while the database is slow or down; beyond
 *     that, cards are dropped from the log (counted in {@code cds.cardlog.dropped})
 */
@ConfigurationProperties("cds.feedback")
public record FeedbackProperties(String patientSalt, @DefaultValue("10000") int cardLogCapacity) {

  public FeedbackProperties {
    if (cardLogCapacity < 1) {
      throw new IllegalArgumentException("cds.feedback.card-log-capacity must be at least 1");
    }
  }

  @Override
  public String toString() {
    return "FeedbackProperties[patientSalt="
        + (patientSalt == null ? "unset" : "***")
        + ", cardLogCapacity="
        + cardLogCapacity
        + "]";
  }
}
