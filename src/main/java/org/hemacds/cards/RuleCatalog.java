package org.hemacds.cards;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Reads and compiles the catalogue at startup. A catalogue with any error stops startup, with every
 * error listed by file and line.
 */
@Component
public class RuleCatalog {

  private static final Logger log = LoggerFactory.getLogger(RuleCatalog.class);

  private final RuleEngine engine;
  private final CardRenderer renderer;

  public RuleCatalog(RulesProperties properties, FhirContext fhir) {
    Map<String, String> files = read(properties.location());
    RuleSet rules = RuleCompiler.compile(fhir, files);
    this.engine = new RuleEngine(rules);
    this.renderer = new CardRenderer(fhir);
    long enabled = rules.rules().stream().filter(Rule::enabled).count();
    log.info(
        "Compiled {} rules ({} active, {} draft) and {} value sets from {}",
        rules.rules().size(),
        enabled,
        rules.rules().size() - enabled,
        rules.valueSets().ids().size(),
        properties.location());
  }

  public RuleEngine engine() {
    return engine;
  }

  public CardRenderer renderer() {
    return renderer;
  }

  /** Every .yaml and .json file below {@code location}, keyed by path relative to it. */
  public static Map<String, String> read(String location) {
    String base = location.endsWith("/") ? location : location + "/";
    String pattern =
        base.startsWith("classpath:")
            ? "classpath*:" + base.substring("classpath:".length())
            : base;
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    Map<String, String> files = new TreeMap<>();
    try {
      Resource root = resolver.getResource(base);
      String rootUrl = root.exists() ? root.getURL().toString() : null;
      for (String glob : new String[] {"**/*.yaml", "**/*.json"}) {
        for (Resource resource : resolver.getResources(pattern + glob)) {
          String url = resource.getURL().toString();
          String relative = relative(url, rootUrl, base);
          files.put(relative, resource.getContentAsString(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the rule catalogue at " + location, e);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("No rule catalogue found at " + location);
    }
    return files;
  }

  private static String relative(String url, String rootUrl, String base) {
    if (rootUrl != null && url.startsWith(rootUrl)) {
      return url.substring(rootUrl.length());
    }
    String marker = "/cards/";
    int at = url.lastIndexOf(marker);
    if (at >= 0) {
      String rest = url.substring(at + marker.length());
      // valuesets live one level down
      return rest;
    }
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
