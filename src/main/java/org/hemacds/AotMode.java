package org.hemacds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a start may use the bean definitions that Spring's AOT processing generated in {@code
 * ./mvnw verify} (the process-aot execution), which {@code ./mvnw spring-boot:run} asks for with
 * {@code -Dspring.aot.enabled=true}. They were generated for the embedded defaults: the conditions
 * (which beans exist for {@code cds.security.enabled}, {@code cds.demo.enabled}, the actuator's
 * exposure, a management port...) were evaluated then, and are not evaluated again. So they are
 * used only when they are on the classpath and nothing given at runtime could change a condition;
 * otherwise the start is the regular one, which evaluates everything.
 */
final class AotMode {

  static final String ENABLED = "spring.aot.enabled";

  /** The entry point of the generated code; absent when the run jar was rebuilt since verify. */
  static final String INITIALIZER =
      HematologyCdsApplication.class.getName() + "__ApplicationContextInitializer";

  /** Namespaces of the properties that conditions read (Spring Boot's and the service's). */
  private static final List<String> CONDITION_NAMESPACES =
      List.of("spring.", "server.", "management.", "cds.");

  /** Set by Spring while process-aot generates the code. */
  static final String PROCESSING = "spring.aot.processing";

  /** Properties in those namespaces that no condition reads; the cds-training run sets some. */
  private static final List<String> NEUTRAL =
      List.of(
          "server.port",
          "spring.datasource.url",
          "spring.datasource.username",
          "spring.datasource.password",
          ENABLED,
          PROCESSING,
          "spring.context.exit");

  private static final String CONFIG_FILE = "application(-[^./]+)?\\.(properties|ya?ml)";

  private AotMode() {}

  /**
   * Turns {@value #ENABLED} off, before Spring reads it, when it was asked for but may not be used.
   *
   * @return why it was turned off, for the log; empty when it was not asked for or is used
   */
  static Optional<String> decide(String[] args) {
    if (!Boolean.getBoolean(ENABLED)) {
      return Optional.empty();
    }
    Optional<String> reason =
        whyNotInThisProcess(
            args, present(INITIALIZER, HematologyCdsApplication.class.getClassLoader()));
    reason.ifPresent(r -> System.setProperty(ENABLED, "false"));
    return reason;
  }

  /**
   * In process-aot: the code is generated for the embedded defaults, so a setting in the build's
   * environment (the shell's {@code CDS_*} or {@code SPRING_*} variables, an {@code
   * application.yml} in the project) stops it instead of being built into every later start.
   */
  static void requireDefaultsWhenProcessing(String[] args) {
    if (!Boolean.getBoolean(PROCESSING)) {
      return;
    }
    whyNotInThisProcess(args, true)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(
                  "Spring's AOT processing generates spring-boot:run's start for the embedded"
                      + " defaults, but "
                      + reason
                      + ": remove it from the build's environment, or build with"
                      + " -Dcds.training.skip=true");
            });
  }

  /** {@link #whyNot} for this JVM's system properties, environment and working directory. */
  private static Optional<String> whyNotInThisProcess(String[] args, boolean generatedCodePresent) {
    return whyNot(args, System.getProperties(), System.getenv(), Path.of(""), generatedCodePresent);
  }

  /**
   * Why the generated bean definitions may not be used for this start, or empty if they may.
   *
   * @param workingDirectory where Spring Boot looks for {@code application.*} and {@code config/}
   */
  static Optional<String> whyNot(
      String[] args,
      Map<?, ?> systemProperties,
      Map<String, String> environment,
      Path workingDirectory,
      boolean generatedCodePresent) {
    if (!generatedCodePresent) {
      return Optional.of("they are not on the classpath (the code changed since ./mvnw verify)");
    }
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        return Optional.of("the argument " + arg + " is given");
      }
      String name = arg.substring(2).split("=", 2)[0];
      if (conditional(name)) {
        return Optional.of("--" + name + " is given");
      }
    }
    for (Object key : systemProperties.keySet()) {
      String name = key.toString();
      if (conditional(name)) {
        return Optional.of("the system property " + name + " is set");
      }
    }
    for (String variable : environment.keySet()) {
      if (conditional(variable.replace('_', '.'))) {
        return Optional.of("the environment variable " + variable + " is set");
      }
    }
    return configFile(workingDirectory).map(file -> file + " exists");
  }

  /**
   * A property that may decide a condition; names are compared in Spring's relaxed form (case and
   * dashes ignored).
   */
  private static boolean conditional(String name) {
    String canonical = canonical(name);
    return CONDITION_NAMESPACES.stream().anyMatch(canonical::startsWith)
        && NEUTRAL.stream().map(AotMode::canonical).noneMatch(canonical::equals);
  }

  private static String canonical(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "");
  }

  /**
   * An application.* file that Spring Boot would read from the working directory, its config/, or a
   * directory under config/.
   */
  private static Optional<Path> configFile(Path workingDirectory) {
    Path config = workingDirectory.resolve("config");
    try {
      Optional<Path> found = configFileIn(workingDirectory).or(() -> configFileIn(config));
      if (found.isPresent() || !Files.isDirectory(config)) {
        return found;
      }
      try (Stream<Path> dirs = Files.list(config)) {
        return dirs.filter(Files::isDirectory)
            .map(AotMode::configFileIn)
            .flatMap(Optional::stream)
            .findFirst();
      }
    } catch (IOException | UncheckedIOException e) {
      return Optional.of(config); // unreadable: assume it holds settings
    }
  }

  private static Optional<Path> configFileIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches(CONFIG_FILE) && Files.isRegularFile(f))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean present(String className, ClassLoader loader) {
    return loader.getResource(className.replace('.', '/') + ".class") != null;
  }
}
