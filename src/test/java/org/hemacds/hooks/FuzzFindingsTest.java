package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each request the fuzzers found to fail the service ({@code finding-*.json} among the committed
 * fuzz inputs), replayed as a plain test: it is answered with a status below 500.
 */
class FuzzFindingsTest {

  static Stream<Path> findings() throws IOException {
    return Files.list(HookRequestFuzzTest.SEEDS)
        .filter(p -> p.getFileName().toString().startsWith("finding-"))
        .sorted();
  }

  @ParameterizedTest
  @MethodSource("findings")
  void isAnsweredWithoutAServerError(Path finding) throws IOException {
    InProcessCds.Answer answer = InProcessCds.get().invoke(Files.readAllBytes(finding));
    assertThat(answer.status()).as(finding.getFileName().toString()).isLessThan(500);
  }
}
