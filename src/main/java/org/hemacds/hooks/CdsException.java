package org.hemacds.hooks;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with the HTTP status and a message safe to show the caller. The
 * message never carries tokens or patient data.
 */
public class CdsException extends RuntimeException {

  private final HttpStatus status;
  private final String issueCode;

  public CdsException(HttpStatus status, String issueCode, String message) {
    super(message);
    this.status = status;
    this.issueCode = issueCode;
  }

  public HttpStatus status() {
    return status;
  }

  /** FHIR OperationOutcome issue type, e.g. {@code invalid}, {@code not-found}. */
  public String issueCode() {
    return issueCode;
  }

  public static CdsException badRequest(String message) {
    return new CdsException(HttpStatus.BAD_REQUEST, "invalid", message);
  }

  public static CdsException unknownService(String id) {
    return new CdsException(
        HttpStatus.NOT_FOUND, "not-found", "No CDS service with id '" + sanitize(id) + "'.");
  }

  public static CdsException preconditionFailed(String message) {
    return new CdsException(HttpStatus.PRECONDITION_FAILED, "not-found", message);
  }

  /** Keeps caller-supplied text short and printable before it is echoed in an error. */
  public static String sanitize(String text) {
    if (text == null) {
      return "";
    }
    String printable = text.replaceAll("[^\\p{Print}]", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }
}
