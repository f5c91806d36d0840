package org.hemacds.hooks;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error as a FHIR OperationOutcome JSON body. Used by the exception handler and by
 * servlet filters that answer before Spring MVC runs.
 */
@Component
public class ErrorBodies {

  private final JsonMapper json = JsonMapper.builder().build();

  public byte[] body(String issueCode, String diagnostics) {
    return json.writeValueAsString(OperationOutcome.error(issueCode, diagnostics))
        .getBytes(StandardCharsets.UTF_8);
  }

  public ResponseEntity<byte[]> entity(
      HttpStatusCode status, String issueCode, String diagnostics) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new ResponseEntity<>(body(issueCode, diagnostics), headers, status);
  }

  public void write(HttpServletResponse response, int status, String issueCode, String diagnostics)
      throws IOException {
    byte[] body = body(issueCode, diagnostics);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
