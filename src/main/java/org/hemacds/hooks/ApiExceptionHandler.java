package org.hemacds.hooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The one place where exceptions become HTTP statuses with an OperationOutcome body. */
@RestControllerAdvice
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final ErrorBodies errors;

  ApiExceptionHandler(ErrorBodies errors) {
    this.errors = errors;
  }

  @ExceptionHandler(CdsException.class)
  ResponseEntity<byte[]> cds(CdsException e) {
    log.debug("Refused request: {} {}", e.status().value(), e.getMessage());
    return errors.entity(e.status(), e.issueCode(), e.getMessage());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<byte[]> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return errors.entity(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "not-supported",
        "Content-Type must be application/json.");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<byte[]> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return errors.entity(
        HttpStatus.NOT_ACCEPTABLE, "not-supported", "This endpoint answers application/json only.");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<byte[]> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
    ResponseEntity<byte[]> base =
        errors.entity(
            HttpStatus.METHOD_NOT_ALLOWED,
            "not-supported",
            "Method " + e.getMethod() + " is not allowed here.");
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(base.getHeaders());
    if (e.getSupportedHttpMethods() != null) {
      headers.setAllow(e.getSupportedHttpMethods());
    }
    return new ResponseEntity<>(base.getBody(), headers, base.getStatusCode());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<byte[]> notFound(NoResourceFoundException e) {
    return errors.entity(HttpStatus.NOT_FOUND, "not-found", "No such endpoint.");
  }

  @ExceptionHandler({
    HttpMessageNotReadableException.class,
    MissingRequestHeaderException.class,
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<byte[]> badRequest(Exception e) {
    return errors.entity(HttpStatus.BAD_REQUEST, "invalid", "The request is malformed.");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> unexpected(Exception e) {
    log.error("Unexpected error while handling a request", e);
    return errors.entity(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "exception",
        "Internal error; the request was not processed.");
  }
}
