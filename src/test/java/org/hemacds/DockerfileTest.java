package org.hemacds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image build has every directory the jar is built from: a resource directory the pom packages
 * but the Dockerfile does not copy (fhir-samples/ was one) builds a jar that fails at startup.
 */
class DockerfileTest {

  private static final Pattern RESOURCE_DIRECTORY =
      Pattern.compile(
          "<resource>\\s*(?:<!--.*?-->\\s*)?<directory>([^<]+)</directory>", Pattern.DOTALL);

  @Test
  void theBuildStageCopiesEveryResourceDirectoryOfThePom() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    // The build's own <resources>, not a plugin's (process-aot's input is copied from the build).
    String resources = pom.substring(pom.indexOf("<resources>"), pom.indexOf("</resources>"));
    List<String> directories = new ArrayList<>();
    Matcher m = RESOURCE_DIRECTORY.matcher(resources);
    while (m.find()) {
      directories.add(m.group(1).trim());
    }
    assertThat(directories).contains("src/main/resources", "cards", "fhir-samples");
    for (String directory : directories) {
      String top = directory.split("/")[0];
      assertThat(dockerfile)
          .as("the Dockerfile copies %s/ into the build stage", top)
          .containsPattern("(?m)^COPY " + Pattern.quote(top) + "/ " + Pattern.quote(top) + "/$");
    }
  }
}
