package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Catalogue edits the rule-compiler fuzzer found to fail with something other than file:line
 * errors, or to compile into a rule that fails at request time. Each now stops compilation with an
 * error naming the file and line.
 */
class RuleCompilerRobustnessTest {

  static final String R23 = "R23-ctit-atra.yaml";

  /** R23 (dose and a create template) with one edit. */
  static Map<String, String> withR23Edit(String from, String to) {
    Map<String, String> files = new HashMap<>(RuleCompilerFuzzTest.catalogue());
    String text = files.get(R23);
    assertThat(text).contains(from);
    files.put(R23, text.replace(from, to));
    return files;
  }

  static void assertCompileError(Map<String, String> files, String fragment) {
    assertThatThrownBy(() -> RuleCompiler.compile(RuleCompilerFuzzTest.FHIR, files))
        .isInstanceOf(RuleCompilationException.class)
        .satisfies(
            e ->
                assertThat(((RuleCompilationException) e).errors())
                    .anySatisfy(m -> assertThat(m).startsWith("cards/").contains(fragment)));
  }

  static final String TEMPLATE_TEXT =
      "        text: tretinoin (all-trans retinoic acid) oral capsules";

  @Test
  void yamlOnlyNumbersInAResourceTemplateAreErrorsNotNumberFormatExceptions() {
    for (String number : new String[] {"0x1F", "1_000", "1:20", ".inf", "-.Inf", ".NaN"}) {
      assertCompileError(
          withR23Edit(TEMPLATE_TEXT, "        text: " + number),
          "'" + number + "' is not a plain decimal number");
    }
  }

  @Test
  void aRecursiveAliasIsAnErrorNotAStackOverflow() {
    assertCompileError(withR23Edit(TEMPLATE_TEXT, "        text: &a [*a]"), "recursive anchor");
    Map<String, String> files = new HashMap<>(RuleCompilerFuzzTest.catalogue());
    files.put("R99-loop.yaml", "id: R99\nwhen: &w {all: [*w]}\n");
    assertCompileError(files, "recursive anchor");
  }

  @Test
  void aDoseRoundedToZeroMgIsAnErrorNotADivisionByZeroAtRequestTime() {
    assertCompileError(
        withR23Edit("roundToMg: 10", "roundToMg: 0"), "roundToMg must be a positive");
    assertCompileError(
        withR23Edit("roundToMg: 10", "roundToMg: -10"), "roundToMg must be a positive");
    assertCompileError(withR23Edit("mgPerM2: 25", "mgPerM2: -25"), "mgPerM2 must be positive");
  }

  @Test
  void nonFiniteNumbersAreErrorsNotRequestTimeFailures() {
    // Double.parseDouble reads NaN and Infinity; BigDecimal (the dose) cannot.
    assertCompileError(withR23Edit("mgPerM2: 25", "mgPerM2: NaN"), "must be a finite number");
    assertCompileError(withR23Edit("mgPerM2: 25", "mgPerM2: Infinity"), "must be a finite number");
    Map<String, String> files = new HashMap<>(RuleCompilerFuzzTest.catalogue());
    String r09 = files.get("R09-esa-hb-above-11.yaml");
    assertThat(r09).contains("value: 11.0");
    files.put("R09-esa-hb-above-11.yaml", r09.replace("value: 11.0", "value: NaN"));
    assertCompileError(files, "must be a finite number");
  }

  /** Found by ThresholdUnitsProperties: a threshold in a code-specific alias unit threw an NPE. */
  @Test
  void aThresholdInACodeSpecificAliasUnitIsAnError() {
    Map<String, String> files = new HashMap<>(RuleCompilerFuzzTest.catalogue());
    String r09 = files.get("R09-esa-hb-above-11.yaml");
    files.put(
        "R09-esa-hb-above-11.yaml",
        r09.replace("value: 11.0, unit: g/dL", "value: 6.8, unit: mmol/L"));
    assertCompileError(files, "bad unit: 'mmol/L' does not convert to g/dL");
  }
}
