package org.hemacds.hooks;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised outside Spring MVC (by the container) also get an OperationOutcome body. */
@RestController
class JsonErrorController implements ErrorController {

  private final ErrorBodies errors;

  JsonErrorController(ErrorBodies errors) {
    this.errors = errors;
  }

  @RequestMapping("/error")
  ResponseEntity<byte[]> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status = HttpStatus.BAD_REQUEST;
    if (code instanceof Integer value) {
      HttpStatus resolved = HttpStatus.resolve(value);
      if (resolved != null && resolved.isError()) {
        status = resolved;
      }
    }
    String issue = status.is5xxServerError() ? "exception" : "invalid";
    return errors.entity(status, issue, status.getReasonPhrase());
  }
}
