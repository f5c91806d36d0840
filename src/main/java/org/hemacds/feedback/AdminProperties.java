package org.hemacds.feedback;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cds.admin.*}: who may read {@code /analytics/**}.
 *
 * @param token the bearer token analytics readers send ({@code Authorization: Bearer <token>});
 *     unset or blank: only callers on this machine (loopback) may read analytics
 */
@ConfigurationProperties("cds.admin")
public record AdminProperties(String token) {

  /** Long enough that guessing is hopeless. */
  static final int MIN_TOKEN_LENGTH = 16;

  public AdminProperties {
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "cds.admin.token must be at least " + MIN_TOKEN_LENGTH + " characters long");
    }
    if (token != null) {
      token = token.strip();
    }
  }

  boolean hasToken() {
    return token != null;
  }

  @Override
  public String toString() {
    return "AdminProperties[token=" + (token == null ? "unset" : "***") + "]";
  }
}
