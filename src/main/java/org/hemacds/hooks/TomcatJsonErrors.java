package org.hemacds.hooks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Errors Tomcat answers before any servlet runs (an invalid URI such as {@code /%2e%2e/}, a
 * malformed request line, headers over the size limit) get an OperationOutcome body too, instead of
 * Tomcat's HTML page, and the service's {@code Access-Control-Allow-Origin} (the CORS filter has
 * not run for them).
 */
@Component
class TomcatJsonErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final CorsConfiguration cors;

  TomcatJsonErrors(ObjectProvider<CorsConfiguration> cors) {
    this.cors = cors.getIfAvailable();
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          Container host = context.getParent();
          // Replace the HTML valve Spring Boot adds; the host then does not add its default one.
          for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
              host.getPipeline().removeValve(valve);
            }
          }
          if (host instanceof StandardHost standardHost) {
            standardHost.setErrorReportValveClass(JsonErrorReportValve.class.getName());
          }
          host.getPipeline().addValve(new JsonErrorReportValve(cors));
        });
  }

  /** Tomcat's error report, as JSON. Public with a no-arg constructor: the host may create it. */
  public static class JsonErrorReportValve extends ErrorReportValve {

    private final ErrorBodies errors = new ErrorBodies();
    private final CorsConfiguration cors;

    public JsonErrorReportValve() {
      this(null);
    }

    JsonErrorReportValve(CorsConfiguration cors) {
      this.cors = cors;
    }

    /**
     * The allowed origin for this request: its {@code Origin} if allowed; {@code *} if every origin
     * is and the header could not be read (the request failed while its headers were parsed);
     * otherwise none.
     */
    private String allowOrigin(Request request) {
      if (cors == null) {
        return null;
      }
      String origin;
      try {
        origin = request.getHeader(HttpHeaders.ORIGIN);
      } catch (RuntimeException unreadable) {
        origin = null;
      }
      if (origin != null) {
        return cors.checkOrigin(origin);
      }
      List<String> patterns = cors.getAllowedOriginPatterns();
      return patterns != null && patterns.contains(CorsConfiguration.ALL)
          ? CorsConfiguration.ALL
          : null;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      // As the HTML report: only for errors, only if nothing was written and not yet reported.
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(false);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      HttpStatus resolved = HttpStatus.resolve(status);
      String diagnostics = resolved == null ? "HTTP " + status : resolved.getReasonPhrase();
      String detail = throwable != null ? throwable.getMessage() : response.getMessage();
      if (detail != null && !detail.isBlank()) {
        diagnostics += ": " + CdsException.sanitize(detail);
      }
      String issue =
          switch (status) {
            case 404 -> "not-found";
            case 413 -> "too-costly";
            default -> status >= 500 ? "exception" : "invalid";
          };
      try {
        String allowOrigin = allowOrigin(request);
        if (allowOrigin != null) {
          response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin);
          if (!CorsConfiguration.ALL.equals(allowOrigin)) {
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
          }
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter writer = response.getReporter();
        if (writer != null) {
          writer.write(new String(errors.body(issue, diagnostics), StandardCharsets.UTF_8));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // The connection is gone or the response committed: nothing more can be sent.
      }
    }
  }
}
