package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.FhirTestJson;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.terminology.CompiledValueSet;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** {@link TransfusionRate}: RBC units in 16 weeks per month (R10's Nordic transfusion need). */
class TransfusionRateTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final Map<String, String> FILES =
      RuleCatalog.read("file:" + Path.of("cards").toAbsolutePath() + "/");
  static final RuleSet RULES = RuleCompiler.compile(FHIR, FILES);
  static final CompiledValueSet RBC = RULES.valueSets().get("vs-rbc-transfusion");
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  private int next;

  /** A completed RBC transfusion {@code daysAgo} days ago; {@code units} null = no count. */
  private Procedure transfusion(int daysAgo, Integer units) {
    Procedure p = new Procedure();
    p.setId("t" + next++);
    p.setStatus(Procedure.ProcedureStatus.COMPLETED);
    p.setSubject(new Reference("Patient/p1"));
    p.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "116863004", null)));
    p.setPerformed(new DateTimeType(TODAY.minusDays(daysAgo).toString()));
    if (units != null) {
      BiologicallyDerivedProduct product = new BiologicallyDerivedProduct();
      product.setId("bdp" + next);
      product.setQuantity(units);
      p.addContained(product);
      p.addUsedReference(new Reference("#bdp" + next));
    }
    return p;
  }

  private static Evaluation evaluation(List<Resource> procedures, Set<DataKind> unavailable) {
    Map<DataKind, List<Resource>> found = new EnumMap<>(DataKind.class);
    for (DataKind kind : DataKind.values()) {
      if (!unavailable.contains(kind)) {
        found.put(kind, new ArrayList<>());
      }
    }
    if (found.containsKey(DataKind.PROCEDURES)) {
      found.get(DataKind.PROCEDURES).addAll(procedures);
    }
    Chart chart =
        Chart.of(
            PatientDataLoader.assemble("p1", FhirTestJson.json(found), unavailable),
            List.of(),
            TODAY);
    return new Evaluation(chart, RULES.units(), List.of());
  }

  private static Outcome rate(double atLeast, List<Resource> procedures) {
    return new TransfusionRate(RBC, atLeast).evaluate(evaluation(procedures, Set.of()));
  }

  @Test
  void withZeroItHoldsWithoutTransfusionsAndShowsTheRate() {
    Outcome outcome = rate(0, List.of());
    assertThat(outcome.truth()).isEqualTo(Truth.TRUE);
    Fact fact = outcome.evidence().get(0);
    assertThat(fact.field("units")).isEqualTo("0");
    assertThat(fact.field("perMonth")).isEqualTo("0");
    assertThat(fact.field("date")).isNull();
    assertThat(fact.line())
        .isEqualTo(
            "RBC transfusions in the last 16 weeks: 0 units in 0 episodes (about 0 a month)");
  }

  @Test
  void eightUnitsInSixteenWeeksAreTwoAMonth() {
    List<Resource> eight =
        List.of(transfusion(100, 2), transfusion(70, 2), transfusion(40, 2), transfusion(10, 2));
    Outcome outcome = rate(2, eight);
    assertThat(outcome.truth()).isEqualTo(Truth.TRUE);
    Fact fact = outcome.evidence().get(0);
    assertThat(fact.field("units")).isEqualTo("8");
    assertThat(fact.field("episodes")).isEqualTo("4");
    assertThat(fact.field("perMonth")).isEqualTo("2.2");
    assertThat(fact.field("date")).isEqualTo(TODAY.minusDays(10).toString());
  }

  @Test
  void sevenUnitsAreUnderTwoAMonth() {
    List<Resource> seven =
        List.of(transfusion(100, 2), transfusion(70, 2), transfusion(40, 2), transfusion(10, 1));
    assertThat(rate(2, seven).truth()).isEqualTo(Truth.FALSE);
    assertThat(rate(0, seven).evidence().get(0).field("perMonth")).isEqualTo("1.9");
  }

  @Test
  void anEpisodeWithoutACountIsOneUnitAndSaysSo() {
    List<Resource> procedures =
        List.of(
            transfusion(90, 3), transfusion(60, null), transfusion(30, 3), transfusion(5, null));
    Outcome outcome = rate(2, procedures);
    assertThat(outcome.truth()).isEqualTo(Truth.TRUE);
    assertThat(outcome.evidence().get(0).line())
        .contains("8 units in 4 episodes")
        .contains("2 without a recorded unit count, each counted as 1 unit");
    assertThat(outcome.evidence().get(0).field("uncounted")).isEqualTo("2");
  }

  @Test
  void onlyTheLast112DaysCount() {
    List<Resource> procedures =
        List.of(transfusion(113, 4), transfusion(112, 2), transfusion(50, 2), transfusion(20, 2));
    Outcome outcome = rate(0, procedures);
    assertThat(outcome.evidence().get(0).field("units")).isEqualTo("6");
    assertThat(rate(2, procedures).truth()).isEqualTo(Truth.FALSE);
  }

  @Test
  void sameDayProceduresAreOneEpisode() {
    Outcome outcome = rate(0, List.of(transfusion(12, 1), transfusion(12, 1)));
    assertThat(outcome.evidence().get(0).field("episodes")).isEqualTo("1");
    assertThat(outcome.evidence().get(0).field("units")).isEqualTo("2");
  }

  @Test
  void unknownWhenProceduresCouldNotBeRead() {
    Outcome outcome =
        new TransfusionRate(RBC, 0).evaluate(evaluation(List.of(), Set.of(DataKind.PROCEDURES)));
    assertThat(outcome.truth()).isEqualTo(Truth.UNKNOWN);
  }

  @Test
  void requiresProcedures() {
    Requirements requirements = new Requirements();
    new TransfusionRate(RBC, 2).require(requirements);
    assertThat(requirements.kinds()).containsExactly(DataKind.PROCEDURES);
  }

  private static RuleCompilationException compileWith(String when) {
    Map<String, String> files = new TreeMap<>(FILES);
    files.entrySet().removeIf(e -> e.getKey().endsWith(".tests.yaml"));
    files.put(
        "Z99-test.yaml",
        "id: Z99\nversion: 1\ntitle: t\nstatus: draft\nindicator: info\nservices: [patient-view]\n"
            + "when: "
            + when
            + "\nsummary: s\nsource: {label: l, url: https://example.org}\n");
    try {
      RuleCompiler.compile(FHIR, files);
      return null;
    } catch (RuleCompilationException e) {
      return e;
    }
  }

  @Test
  void compiles() {
    assertThat(compileWith("{transfusionRate: {atLeastUnitsPerMonth: 2}}")).isNull();
    assertThat(
            compileWith(
                "{transfusionRate: {atLeastUnitsPerMonth: 0, valueSet: vs-rbc-transfusion}}"))
        .isNull();
  }

  @Test
  void refusesANegativeOrMissingRate() {
    assertThat(compileWith("{transfusionRate: {atLeastUnitsPerMonth: -1}}").errors())
        .anySatisfy(
            e -> assertThat(e).startsWith("cards/Z99-test.yaml:").contains("must not be negative"));
    assertThat(compileWith("{transfusionRate: {}}").errors())
        .anySatisfy(e -> assertThat(e).contains("transfusionRate needs 'atLeastUnitsPerMonth'"));
  }
}
