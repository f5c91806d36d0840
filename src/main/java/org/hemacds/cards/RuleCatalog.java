package org.hemacds.cards;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Reads and compiles the catalogue at startup. A catalogue with any error stops startup, with every
 * error listed by file and line. When the catalogue is being compiled ahead on another thread (see
 * {@link #expectAhead}), the bean is created at once and waits for that compilation when first
 * used, at the latest once every singleton exists, so the other beans are built meanwhile.
 */
@Component
public class RuleCatalog implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(RuleCatalog.class);

  private final String location;
  private final FhirContext fhir;

  /** The compilation started ahead, until it is taken; null when there is none. */
  private CompletableFuture<RuleSet> ahead;

  private volatile Compiled compiled;

  private record Compiled(RuleEngine engine, CardRenderer renderer) {}

  /** A compilation started before Spring builds the beans (see {@link #expectAhead}). */
  private record Ahead(String location, CompletableFuture<RuleSet> rules) {}

  private static final AtomicReference<Ahead> AHEAD = new AtomicReference<>();

  public RuleCatalog(RulesProperties properties, FhirContext fhir) {
    this.location = properties.location();
    this.fhir = fhir;
    Ahead started = AHEAD.getAndSet(null);
    if (started != null && started.location().equals(location)) {
      this.ahead = started.rules();
    } else {
      compiled();
    }
  }

  /** Waits for the compilation started ahead, so that its errors stop startup. */
  @Override
  public void afterSingletonsInstantiated() {
    compiled();
  }

  private Compiled compiled() {
    Compiled done = compiled;
    return done != null ? done : compile();
  }

  /**
   * The compilation started ahead, once; otherwise, or if it failed, a compilation here, which
   * reports any error as startup always did.
   */
  private synchronized Compiled compile() {
    if (compiled == null) {
      RuleSet rules = null;
      if (ahead != null) {
        try {
          rules = ahead.join();
        } catch (CompletionException | CancellationException e) {
          log.debug("Catalogue not compiled ahead ({}); compiling it now", e.toString());
        }
        ahead = null;
      }
      if (rules == null) {
        rules = RuleCompiler.compile(fhir, read(location));
      }
      compiled = new Compiled(new RuleEngine(rules), new CardRenderer(fhir));
      long enabled = rules.rules().stream().filter(Rule::enabled).count();
      log.info(
          "Compiled {} rules ({} active, {} draft) and {} value sets from {}",
          rules.rules().size(),
          enabled,
          rules.rules().size() - enabled,
          rules.valueSets().ids().size(),
          location);
    }
    return compiled;
  }

  /**
   * Announces that the catalogue at {@code location} is being compiled on another thread as the
   * process starts; the bean then waits for that result instead of compiling it again. The caller
   * completes the future with {@link #compileInto}, or exceptionally if it cannot.
   */
  public static CompletableFuture<RuleSet> expectAhead(String location) {
    CompletableFuture<RuleSet> rules = new CompletableFuture<>();
    AHEAD.set(new Ahead(location, rules));
    return rules;
  }

  /** Compiles the catalogue at {@code location} into {@code rules}. */
  public static void compileInto(
      CompletableFuture<RuleSet> rules, String location, FhirContext fhir) {
    try {
      rules.complete(RuleCompiler.compile(fhir, read(location)));
    } catch (RuntimeException e) {
      rules.completeExceptionally(e);
    }
  }

  public RuleEngine engine() {
    return compiled().engine();
  }

  public CardRenderer renderer() {
    return compiled().renderer();
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
