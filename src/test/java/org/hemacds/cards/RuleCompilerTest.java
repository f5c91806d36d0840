package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compiler reports every error of a broken catalogue at once, each with file and line. */
class RuleCompilerTest {

  private static Map<String, String> validCatalogue() {
    return new HashMap<>(RuleCatalog.read("file:cards/"));
  }

  @Test
  void theShippedCatalogueCompiles() {
    RuleSet rules = RuleCompiler.compile(RuleCasesTest.FHIR, validCatalogue());
    assertThat(rules.rules()).isNotEmpty();
    assertThat(rules.rules()).allSatisfy(r -> assertThat(r.source().url()).startsWith("http"));
  }

  @Test
  void reportsEveryErrorWithFileAndLine() {
    Map<String, String> files = validCatalogue();
    files.put(
        "R90-broken.yaml",
        """
        id: R90
        version: 1
        title: Broken on purpose
        status: active
        indicator: warning
        services: [order-select]
        trigger: {resource: MedicationRequest, valueSet: vs-does-not-exist}
        when:
          all:
            - observation: {valueSet: obs-hemoglobin, lookbackDays: 30, op: ">", value: 11, unit: furlongs}
            - teleport: {valueSet: vs-esa}
        summary: "%s"
        source: {label: Nowhere}
        colour: blue
        """
            .formatted("x".repeat(150)));
    files.put("R91-bad-yaml.yaml", "id: R91\nversion: [unclosed\n");
    assertThatThrownBy(() -> RuleCompiler.compile(RuleCasesTest.FHIR, files))
        .isInstanceOf(RuleCompilationException.class)
        .satisfies(
            e -> {
              var errors = ((RuleCompilationException) e).errors();
              assertThat(errors)
                  .anySatisfy(
                      m ->
                          assertThat(m)
                              .startsWith(
                                  "cards/R90-broken.yaml:7: unknown value set 'vs-does-not-exist'"))
                  .anySatisfy(
                      m ->
                          assertThat(m)
                              .startsWith("cards/R90-broken.yaml:10: bad unit: 'furlongs'"))
                  .anySatisfy(
                      m ->
                          assertThat(m)
                              .startsWith(
                                  "cards/R90-broken.yaml:11: unknown condition kind 'teleport'"))
                  .anySatisfy(
                      m ->
                          assertThat(m)
                              .startsWith("cards/R90-broken.yaml:12: summary is 150 characters"))
                  .anySatisfy(
                      m -> assertThat(m).startsWith("cards/R90-broken.yaml:13: missing source URL"))
                  .anySatisfy(
                      m ->
                          assertThat(m)
                              .startsWith("cards/R90-broken.yaml:14: unknown key 'colour'"))
                  .anySatisfy(
                      m ->
                          assertThat(m)
                              .startsWith("cards/R91-bad-yaml.yaml:")
                              .contains("invalid YAML"));
              assertThat(e.getMessage()).contains("error(s)");
            });
  }

  @Test
  void aBadValueSetIsReportedByFile() {
    Map<String, String> files = validCatalogue();
    files.put(
        "valuesets/vs-broken.json",
        """
        {"resourceType": "ValueSet", "id": "vs-broken", "status": "active",
         "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm",
           "filter": [{"property": "code", "op": "regex", "value": "C(9"}]}]}}
        """);
    assertThatThrownBy(() -> RuleCompiler.compile(RuleCasesTest.FHIR, files))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("cards/valuesets/vs-broken.json:1: invalid regex 'C(9'");
  }

  @Test
  void unknownBindingsAndPredicatesAreErrors() {
    Map<String, String> files = validCatalogue();
    files.put(
        "R92-unbound.yaml",
        """
        id: R92
        version: 1
        title: Uses a name it never binds
        status: active
        indicator: info
        services: [patient-view]
        when:
          use: no-such-predicate
        summary: "Hb {hb.value} g/dL"
        source: {label: L, url: "https://example.org"}
        """);
    assertThatThrownBy(() -> RuleCompiler.compile(RuleCasesTest.FHIR, files))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("cards/R92-unbound.yaml:8: unknown predicate 'no-such-predicate'")
        .hasMessageContaining("cards/R92-unbound.yaml:9: 'hb' is not bound");
  }

  @Test
  void aConditionDatedByAnythingButOnsetOrOnsetDateTimeIsAnError() {
    Map<String, String> files = validCatalogue();
    files.put(
        "R93-dated.yaml",
        """
        id: R93
        version: 1
        title: Dates a diagnosis by a field that does not exist
        status: active
        indicator: info
        services: [patient-view]
        when:
          condition: {valueSet: vs-mds, datedWithinDays: 180, datedBy: abatementDate}
        summary: "MDS"
        source: {label: L, url: "https://example.org"}
        """);
    assertThatThrownBy(() -> RuleCompiler.compile(RuleCasesTest.FHIR, files))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("cards/R93-dated.yaml:8: datedBy must be onset or onsetDateTime");
  }
}
