package org.hemacds.hooks;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies within {@code cds.limits}: a body over {@code max-body} is refused with 413
 * before any of it is parsed, and JSON that is malformed, too deep or has duplicate keys gets 400.
 */
@Component
public class RequestBodies {

  private final long maxBody;
  private final long maxBodyNanos;
  private final JsonMapper json;

  RequestBodies(LimitsProperties limits) {
    this.maxBody = limits.maxBody().toBytes();
    this.maxBodyNanos = limits.maxBodyTime().toNanos();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(limits.maxStringLength())
                    .maxDocumentLength(maxBody)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.json = JsonMapper.builder(factory).build();
  }

  /** The body as JSON, or a 413/400 CdsException. */
  public JsonNode readJson(HttpServletRequest request) {
    return parse(read(request));
  }

  byte[] read(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > maxBody) {
      throw tooLarge();
    }
    long start = System.nanoTime();
    try (InputStream in = request.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > maxBody) {
          throw tooLarge();
        }
        if (System.nanoTime() - start > maxBodyNanos) {
          throw tooSlow(); // a body trickling in byte by byte would otherwise hold a thread
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      if (isTimeout(e)) {
        throw tooSlow();
      }
      throw CdsException.badRequest("The request body could not be read.");
    }
  }

  /** Tomcat's read timeout (server.tomcat.connection-timeout), possibly wrapped. */
  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private CdsException tooSlow() {
    return new CdsException(
        HttpStatus.REQUEST_TIMEOUT,
        "timeout",
        "The request body did not arrive in time (cds.limits.max-body-time "
            + java.time.Duration.ofNanos(maxBodyNanos).toMillis()
            + " ms, or a pause longer than server.tomcat.connection-timeout).");
  }

  JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw CdsException.badRequest("The request body is empty; a JSON object is required.");
    }
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw CdsException.badRequest("The request body is not valid JSON: " + describe(e));
    }
  }

  private CdsException tooLarge() {
    return new CdsException(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-costly",
        "The request body is larger than the limit of "
            + maxBody
            + " bytes (cds.limits.max-body).");
  }

  /**
   * The repeated key, if Jackson refused the body for {@link
   * StreamReadFeature#STRICT_DUPLICATE_DETECTION}. Jackson has no exception type for it, only this
   * message; the key is a field name, not a value, so naming it reveals no patient data.
   */
  private static Optional<String> duplicateKey(JacksonException e) {
    String message = e.getOriginalMessage();
    String prefix = "Duplicate Object property \"";
    if (message == null || !message.startsWith(prefix) || !message.endsWith("\"")) {
      return Optional.empty();
    }
    return Optional.of(message.substring(prefix.length(), message.length() - 1));
  }

  /** Says what is wrong and where, never quoting the body (it may carry patient data). */
  private static String describe(JacksonException e) {
    String what =
        e instanceof StreamConstraintsException
            ? "it exceeds a size limit (nesting depth, string length or document size)"
            : duplicateKey(e)
                .map(key -> "duplicate key '" + CdsException.sanitize(key) + "'")
                .orElse("malformed JSON");
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      what +=
          " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
    return what + ".";
  }
}
