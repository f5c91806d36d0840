package org.hemacds.feedback;

import org.hemacds.hooks.ErrorBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The feedback database unreachable (or failing) is 503 with an OperationOutcome and {@code
 * Retry-After}, never 500: the client may send the same feedback again, and storing is idempotent.
 * Ordered before the general handler in {@code hooks}, which would answer 500.
 */
@RestControllerAdvice
@ConditionalOnWebApplication
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseErrors {

  private static final Logger log = LoggerFactory.getLogger(DatabaseErrors.class);

  private final ErrorBodies errors;

  DatabaseErrors(ErrorBodies errors) {
    this.errors = errors;
  }

  @ExceptionHandler({DataAccessException.class, TransactionException.class})
  ResponseEntity<byte[]> unavailable(RuntimeException e) {
    log.warn("Feedback database unavailable: {}", JdbcCardLog.what(e));
    ResponseEntity<byte[]> base =
        errors.entity(
            HttpStatus.SERVICE_UNAVAILABLE,
            "transient",
            "The feedback store is unavailable; retry later (sending the same feedback again is"
                + " safe).");
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(base.getHeaders());
    headers.set(HttpHeaders.RETRY_AFTER, "10");
    return new ResponseEntity<>(base.getBody(), headers, base.getStatusCode());
  }
}
