package org.hemacds;

import java.util.Arrays;
import java.util.Map;
import org.hemacds.hooks.OfflineEvaluator;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point of the hematology CDS Hooks service. {@code evaluate <request.json>...} runs the
 * rules on request files offline (no server) and prints the cards, for rule authors.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HematologyCdsApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("evaluate")) {
      System.setProperty(AotMode.ENABLED, "false"); // generated for the server, not for this
      System.exit(evaluate(Arrays.copyOfRange(args, 1, args.length)));
    }
    AotMode.requireDefaultsWhenProcessing(args);
    AotMode.decide(args)
        .ifPresent(
            reason ->
                LoggerFactory.getLogger(HematologyCdsApplication.class)
                    .info("Starting without the AOT-processed bean definitions: {}", reason));
    SpringApplication app = new SpringApplication(HematologyCdsApplication.class);
    app.addListeners(new StartupPrewarm());
    app.run(args);
  }

  private static int evaluate(String[] args) {
    String[] files = Arrays.stream(args).filter(a -> !a.startsWith("--")).toArray(String[]::new);
    String[] properties =
        Arrays.stream(args).filter(a -> a.startsWith("--")).toArray(String[]::new);
    if (files.length == 0) {
      System.err.println(
          "usage: java -jar hematology-cds.jar evaluate <request.json>... [--property=value]");
      return 2;
    }
    SpringApplication app = new SpringApplication(HematologyCdsApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setLogStartupInfo(false);
    app.setDefaultProperties(
        Map.of(
            "logging.level.root", "WARN",
            "spring.main.banner-mode", "off",
            "spring.flyway.enabled", "false",
            "cds.offline", "true"));
    try (ConfigurableApplicationContext context = app.run(properties)) {
      return context.getBean(OfflineEvaluator.class).run(files, System.out, System.err);
    }
  }
}
