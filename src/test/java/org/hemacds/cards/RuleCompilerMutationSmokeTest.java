package org.hemacds.cards;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.hemacds.fuzz.Choices;
import org.junit.jupiter.api.Test;

/**
 * The fixed-seed run of {@link RuleCompilerFuzzTest} for {@code verify}: catalogue files mutated
 * line by line with a seeded {@link Random}. Each compiles or fails with file:line errors; each
 * that compiles runs on the sample charts without an exception.
 */
class RuleCompilerMutationSmokeTest {

  static final int CATALOGUES = 12;

  @Test
  void mutatedCataloguesCompileOrReportErrors() {
    Choices choices = Choices.of(new Random(20261128L));
    for (int i = 0; i < CATALOGUES; i++) {
      RuleCompilerFuzzTest.compileAndRun(RuleCompilerFuzzTest.mutatedCatalogue(choices));
    }
  }

  @Test
  void randomRuleFilesCompileOrReportErrors() {
    Choices choices = Choices.of(new Random(11L));
    RuleFileMutator mutator = new RuleFileMutator(choices);
    String r09 = RuleCompilerFuzzTest.catalogue().get("R09-esa-hb-above-11.yaml");
    for (int i = 0; i < CATALOGUES; i++) {
      Map<String, String> files = new HashMap<>(RuleCompilerFuzzTest.catalogue());
      files.put("R99-fuzz.yaml", mutator.mutate(r09.replace("id: R09", "id: R99")));
      RuleCompilerFuzzTest.compileAndRun(files);
    }
  }
}
