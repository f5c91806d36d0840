package org.hemacds.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * Last line of defence for the rule "no token, JWT, fhirAuthorization or patient id in any log line
 * at any level". The service's own code never logs them; this drops what libraries would:
 *
 * <ul>
 *   <li>wire dumps: at debug, Tomcat logs every raw request (headers, so the JWT, and the body, so
 *       fhirAuthorization and patient data). Those loggers are held at INFO whatever the
 *       configuration says;
 *   <li>any event whose message or string arguments hold something shaped like a JWT.
 * </ul>
 *
 * Installed into Logback's context when the application starts (Spring Boot resets Logback while
 * starting, so a static install would be lost).
 */
@Component
class SecretLogFilter extends TurboFilter {

  /** Loggers that dump raw HTTP traffic below INFO. */
  static final List<String> WIRE_LOGGERS =
      List.of(
          "org.apache.coyote.http11.Http11InputBuffer",
          "org.apache.coyote.http11.Http11OutputBuffer",
          "org.apache.coyote.http2",
          "org.apache.tomcat.util.net",
          "org.apache.hc.client5.http.wire",
          "org.apache.http.wire",
          "jdk.internal.httpclient.debug");

  /** Header and payload of a JWS or JWT: base64url JSON objects start with "eyJ". */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");

  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9_~+/.-]{16,}");

  private final Map<String, LongAdder> droppedByLogger = new ConcurrentHashMap<>();
  private LoggerContext context;

  /** Adds this filter to Logback's context unless it is there already. */
  @PostConstruct
  void install() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext loggerContext) {
      context = loggerContext;
      setName("secret-log-filter");
      setContext(loggerContext);
      start();
      if (!loggerContext.getTurboFilterList().contains(this)) {
        loggerContext.addTurboFilter(this);
      }
    }
  }

  @PreDestroy
  void uninstall() {
    if (context != null) {
      context.getTurboFilterList().remove(this);
      stop();
    }
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !isStarted()) {
      return FilterReply.NEUTRAL;
    }
    if (level.toInt() < Level.INFO_INT && isWireLogger(logger.getName())) {
      return FilterReply.DENY; // also answers isDebugEnabled() with false
    }
    if (format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL; // not going to be written: no need to look at it
    }
    if (holdsSecret(format)) {
      return dropped(logger);
    }
    if (params != null) {
      for (Object param : params) {
        if (param instanceof CharSequence text && holdsSecret(text)) {
          return dropped(logger);
        }
      }
    }
    return FilterReply.NEUTRAL;
  }

  private FilterReply dropped(Logger logger) {
    droppedByLogger.computeIfAbsent(logger.getName(), name -> new LongAdder()).increment();
    return FilterReply.DENY;
  }

  /** How many events holding a secret were dropped, per logger name (for tests). */
  Map<String, Long> droppedSecrets() {
    Map<String, Long> counts = new TreeMap<>();
    droppedByLogger.forEach((name, count) -> counts.put(name, count.sum()));
    return counts;
  }

  static boolean isWireLogger(String name) {
    for (String wire : WIRE_LOGGERS) {
      if (name.equals(wire) || name.startsWith(wire + ".")) {
        return true;
      }
    }
    return false;
  }

  static boolean holdsSecret(CharSequence text) {
    return JWT.matcher(text).find() || BEARER.matcher(text).find();
  }
}
