package org.hemacds.feedback;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;
import org.hemacds.hooks.CdsServiceCatalog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /analytics/rules} (JSON) and {@code GET /analytics} (the page with charts, drawn by
 * Chart.js served from its WebJar inside the jar: nothing is loaded from the internet). Who may
 * call them is decided by {@link AnalyticsAccessFilter}.
 */
@RestController
@ConditionalOnWebApplication
class AnalyticsController {

  /** The page loads only this origin's scripts and styles, and may not be framed. */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript");

  private final Analytics analytics;
  private final CdsServiceCatalog catalog;
  private final byte[] page;
  private final byte[] script;
  private final byte[] style;
  private final byte[] chartJs;
  private final byte[] chartJsLicense;

  AnalyticsController(Analytics analytics, CdsServiceCatalog catalog) {
    this.analytics = analytics;
    this.catalog = catalog;
    this.page = read("analytics/index.html");
    this.script = read("analytics/analytics.js");
    this.style = read("analytics/analytics.css");
    String chartJsRoot = "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/";
    this.chartJs = read(chartJsRoot + "dist/chart.umd.js");
    this.chartJsLicense = read(chartJsRoot + "LICENSE.md");
  }

  /**
   * The version of the chart.js webjar on the classpath, from its Maven metadata: a wildcard in the
   * path would walk every entry of the executable jar (35,000) at startup.
   */
  private static String chartJsVersion() {
    try (InputStream in =
        new ClassPathResource("META-INF/maven/org.webjars.npm/chart.js/pom.properties")
            .getInputStream()) {
      Properties properties = new Properties();
      properties.load(in);
      return Objects.requireNonNull(properties.getProperty("version"), "chart.js version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping(path = "/analytics/rules", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<RuleAnalytics> rules(HttpServletRequest request) {
    AnalyticsQuery query =
        AnalyticsQuery.parse(
            request.getParameterValues("service"),
            request.getParameterValues("from"),
            request.getParameterValues("to"),
            catalog);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(analytics.report(query));
  }

  @GetMapping("/analytics")
  ResponseEntity<byte[]> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Security-Policy", PAGE_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .body(page);
  }

  @GetMapping("/analytics/assets/analytics.js")
  ResponseEntity<byte[]> script() {
    return asset(JAVASCRIPT, script);
  }

  @GetMapping("/analytics/assets/analytics.css")
  ResponseEntity<byte[]> style() {
    return asset(new MediaType("text", "css"), style);
  }

  @GetMapping("/analytics/assets/chart.umd.js")
  ResponseEntity<byte[]> chartJs() {
    return asset(JAVASCRIPT, chartJs);
  }

  @GetMapping("/analytics/assets/chart.js-LICENSE.md")
  ResponseEntity<byte[]> chartJsLicense() {
    return asset(MediaType.TEXT_PLAIN, chartJsLicense);
  }

  private static ResponseEntity<byte[]> asset(MediaType type, byte[] body) {
    return ResponseEntity.ok()
        .contentType(type)
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .body(body);
  }

  /** The classpath resource at {@code location}; startup fails if it is missing. */
  private static byte[] read(String location) {
    Resource resource = new ClassPathResource(location);
    if (!resource.exists()) {
      throw new IllegalStateException("Missing classpath resource " + location);
    }
    try (InputStream in = resource.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
