package org.hemacds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AotModeTest {

  private static final Map<String, String> SHELL =
      Map.of("PATH", "/usr/bin", "HOME", "/root", "JAVA_HOME", "/usr/lib/jvm/17", "LANG", "C");

  @TempDir Path workingDirectory;

  private Optional<String> whyNot(String... args) {
    return AotMode.whyNot(args, Map.of(), SHELL, workingDirectory, true);
  }

  @Test
  void thePlainRunUsesTheGeneratedDefinitions() {
    assertThat(whyNot()).isEmpty();
  }

  @Test
  void theTrainingRunsSettingsDecideNoCondition() {
    assertThat(
            AotMode.whyNot(
                new String[] {
                  "--server.port=0",
                  "--logging.level.root=ERROR",
                  "--spring.datasource.url=jdbc:h2:file:./target/run/training-data/db"
                },
                Map.of(
                    "spring.aot.enabled",
                    "true",
                    "spring.context.exit",
                    "onRefresh",
                    "spring.aot.processing",
                    "true"),
                SHELL,
                workingDirectory,
                true))
        .isEmpty();
  }

  @Test
  void aRunJarRebuiltSinceVerifyHasNoGeneratedCode() {
    assertThat(AotMode.whyNot(new String[0], Map.of(), SHELL, workingDirectory, false))
        .hasValueSatisfying(reason -> assertThat(reason).contains("not on the classpath"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--cds.demo.enabled=false",
        "--cds.security.enabled=false",
        "--management.server.port=9090",
        "--management.endpoints.web.exposure.include=*",
        "--spring.profiles.active=prod",
        "--spring.flyway.enabled=false",
        "--server.ssl.enabled=true",
        "--CDS.Demo.Enabled=false",
        "--spring.auto-configure.exclude=x"
      })
  void aConditionalPropertyOnTheCommandLineFallsBack(String arg) {
    assertThat(whyNot(arg)).hasValue(arg.split("=")[0] + " is given");
  }

  @Test
  void aPlainArgumentFallsBack() {
    assertThat(whyNot("evaluate")).hasValue("the argument evaluate is given");
  }

  @Test
  void aConditionalSystemPropertyFallsBack() {
    assertThat(
            AotMode.whyNot(
                new String[0],
                Map.of("spring.aot.enabled", "true", "cds.demo.enabled", "false"),
                SHELL,
                workingDirectory,
                true))
        .hasValue("the system property cds.demo.enabled is set");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CDS_DEMO_ENABLED",
        "SPRING_APPLICATION_JSON",
        "SPRING_PROFILES_ACTIVE",
        "MANAGEMENT_SERVER_PORT",
        "SERVER_SSL_ENABLED"
      })
  void aConditionalEnvironmentVariableFallsBack(String variable) {
    assertThat(
            AotMode.whyNot(
                new String[0],
                Map.of(),
                Map.of("PATH", "/usr/bin", variable, "x"),
                workingDirectory,
                true))
        .hasValue("the environment variable " + variable + " is set");
  }

  @Test
  void neutralEnvironmentVariablesAreAllowed() {
    assertThat(
            AotMode.whyNot(
                new String[0],
                Map.of(),
                Map.of("SERVER_PORT", "8081", "SPRING_DATASOURCE_URL", "jdbc:h2:mem:x"),
                workingDirectory,
                true))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application.yml",
        "application.yaml",
        "application.properties",
        "application-prod.yml",
        "config/application.yml",
        "config/local/application.properties"
      })
  void anApplicationFileSpringBootWouldReadFallsBack(String file) throws Exception {
    Path path = workingDirectory.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, "cds:\n  demo:\n    enabled: false\n");
    assertThat(whyNot()).hasValue(path + " exists");
  }

  @Test
  void otherFilesInTheWorkingDirectoryAreIgnored() throws Exception {
    Files.writeString(workingDirectory.resolve("pom.xml"), "<project/>");
    Files.writeString(workingDirectory.resolve("application.yml.bak"), "x");
    Files.createDirectories(workingDirectory.resolve("config"));
    Files.writeString(workingDirectory.resolve("config/notes.txt"), "x");
    assertThat(whyNot()).isEmpty();
  }

  @Test
  void processingStopsOnASettingOfTheBuildsEnvironment() throws Exception {
    String before = System.getProperty(AotMode.PROCESSING);
    try {
      System.clearProperty(AotMode.PROCESSING);
      AotMode.requireDefaultsWhenProcessing(new String[] {"--cds.demo.enabled=false"});

      System.setProperty(AotMode.PROCESSING, "true"); // arguments are checked first
      assertThatThrownBy(
              () ->
                  AotMode.requireDefaultsWhenProcessing(new String[] {"--cds.demo.enabled=false"}))
          .hasMessageContaining("--cds.demo.enabled is given")
          .hasMessageContaining("-Dcds.training.skip=true");
    } finally {
      if (before == null) {
        System.clearProperty(AotMode.PROCESSING);
      } else {
        System.setProperty(AotMode.PROCESSING, before);
      }
    }
  }

  @Test
  void decideTurnsTheFlagOffWhenItMayNotBeUsed() {
    String before = System.getProperty(AotMode.ENABLED);
    try {
      System.setProperty(AotMode.ENABLED, "true");
      // This test JVM runs from target/classes, where the generated code never is.
      assertThat(AotMode.decide(new String[0]))
          .hasValueSatisfying(reason -> assertThat(reason).contains("not on the classpath"));
      assertThat(System.getProperty(AotMode.ENABLED)).isEqualTo("false");

      System.clearProperty(AotMode.ENABLED);
      assertThat(AotMode.decide(new String[] {"--cds.demo.enabled=false"})).isEmpty();
      assertThat(System.getProperty(AotMode.ENABLED)).isNull();
    } finally {
      if (before == null) {
        System.clearProperty(AotMode.ENABLED);
      } else {
        System.setProperty(AotMode.ENABLED, before);
      }
    }
  }
}
