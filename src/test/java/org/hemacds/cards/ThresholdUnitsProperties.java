package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hemacds.terminology.CompiledValueSet;
import org.yaml.snakeyaml.Yaml;

/**
 * Unit conversion and threshold comparison: for every threshold the rules in {@code cards/} compare
 * an observation with, and every unit the catalogue accepts for that observation (UCUM variants of
 * codes.md §5 and the aliases of {@code cards/units.yaml}), a value just above and just below the
 * threshold, written in that unit as a lab would (six significant digits), compares through {@link
 * org.hemacds.terminology.QuantityConverter} as its exact canonical value does.
 *
 * <p>"Just" means at least {@link #RESOLUTION} canonical units away: converted values are cleaned
 * to six decimals ({@link Numbers#clean}), so closer values may round onto the threshold.
 */
class ThresholdUnitsProperties {

  static final RuleSet RULES = RuleCasesTest.RULES;
  static final double RESOLUTION = 1e-5;

  /** A unit accepted for a value set: its factor to the canonical unit (codes.md §5). */
  record Accepted(String unit, BigDecimal factor, String onlyForCode) {}

  static final String HB_MOLAR = "http://loinc.org|59260-0";
  static final String EPO = "http://loinc.org|15061-5";

  static List<Accepted> counts() {
    List<Accepted> units = new ArrayList<>();
    for (String unit :
        List.of("10*9/L", "10*3/uL", "10^3/uL", "10^9/L", "K/uL", "x10E3/uL", "/nL")) {
      units.add(new Accepted(unit, BigDecimal.ONE, null));
    }
    units.add(new Accepted("/uL", new BigDecimal("0.001"), null));
    units.add(new Accepted("/mm3", new BigDecimal("0.001"), null));
    return units;
  }

  /** codes.md §5, value set by value set. */
  static final Map<String, List<Accepted>> ACCEPTED =
      Map.ofEntries(
          Map.entry(
              "obs-hemoglobin",
              List.of(
                  new Accepted("g/dL", BigDecimal.ONE, null),
                  new Accepted("g/L", new BigDecimal("0.1"), null),
                  new Accepted("mg/dL", new BigDecimal("0.001"), null),
                  new Accepted("mmol/L", new BigDecimal("1.611344"), HB_MOLAR))),
          Map.entry("obs-platelets", counts()),
          Map.entry("obs-anc", counts()),
          Map.entry("obs-retic-abs", counts()),
          Map.entry(
              "obs-ferritin",
              List.of(
                  new Accepted("ng/mL", BigDecimal.ONE, null),
                  new Accepted("ug/L", BigDecimal.ONE, null),
                  new Accepted("pmol/L", new BigDecimal("0.445038"), null),
                  new Accepted("ug/dL", BigDecimal.TEN, null))),
          Map.entry(
              "obs-epo",
              List.of(
                  new Accepted("m[IU]/mL", BigDecimal.ONE, null),
                  new Accepted("[IU]/L", BigDecimal.ONE, null),
                  new Accepted("mIU/mL", BigDecimal.ONE, EPO),
                  new Accepted("mU/mL", BigDecimal.ONE, EPO),
                  new Accepted("U/L", BigDecimal.ONE, EPO),
                  new Accepted("IU/L", BigDecimal.ONE, EPO))),
          Map.entry(
              "obs-tsat",
              List.of(
                  new Accepted("%", BigDecimal.ONE, null),
                  new Accepted("1", new BigDecimal("100"), null))),
          Map.entry(
              "obs-qtc",
              List.of(
                  new Accepted("ms", BigDecimal.ONE, null),
                  new Accepted("s", new BigDecimal("1000"), null))),
          Map.entry(
              "obs-height",
              List.of(
                  new Accepted("cm", BigDecimal.ONE, null),
                  new Accepted("m", new BigDecimal("100"), null),
                  new Accepted("mm", new BigDecimal("0.1"), null),
                  new Accepted("[in_i]", new BigDecimal("2.54"), null),
                  new Accepted("[ft_i]", new BigDecimal("30.48"), null))),
          Map.entry(
              "obs-weight",
              List.of(
                  new Accepted("kg", BigDecimal.ONE, null),
                  new Accepted("g", new BigDecimal("0.001"), null),
                  new Accepted("[lb_av]", new BigDecimal("0.45359237"), null))),
          Map.entry("obs-bsa", List.of(new Accepted("m2", BigDecimal.ONE, null))),
          Map.entry(
              "obs-alt",
              List.of(
                  new Accepted("U/L", BigDecimal.ONE, null),
                  new Accepted("[IU]/L", BigDecimal.ONE, null),
                  new Accepted("IU/L", BigDecimal.ONE, null),
                  new Accepted("ukat/L", new BigDecimal("60"), null))),
          Map.entry(
              "obs-ast",
              List.of(
                  new Accepted("U/L", BigDecimal.ONE, null),
                  new Accepted("[IU]/L", BigDecimal.ONE, null),
                  new Accepted("IU/L", BigDecimal.ONE, null),
                  new Accepted("ukat/L", new BigDecimal("60"), null))),
          Map.entry("obs-egfr", List.of(new Accepted("mL/min/{1.73_m2}", BigDecimal.ONE, null))),
          Map.entry("obs-creatinine", List.of(new Accepted("mg/dL", BigDecimal.ONE, null))),
          Map.entry("obs-calcium", List.of(new Accepted("mg/dL", BigDecimal.ONE, null))),
          Map.entry("obs-magnesium", List.of(new Accepted("mg/dL", BigDecimal.ONE, null))),
          Map.entry("obs-potassium", List.of(new Accepted("mmol/L", BigDecimal.ONE, null))));

  /** One comparison a rule makes: value set, operator, threshold in the canonical unit. */
  record Threshold(CompiledValueSet valueSet, Comparison op, double value) {
    @Override
    public String toString() {
      return valueSet.id() + " " + op.symbol() + " " + value + " " + valueSet.canonicalUnit();
    }
  }

  /** Every threshold of every rule (conditions, notes, suggestions), predicates included. */
  static List<Threshold> thresholds() {
    Set<Threshold> found = new LinkedHashSet<>();
    for (Rule rule : RULES.rules()) {
      collect(rule.when(), found);
      rule.notes().forEach(n -> collect(n.when(), found));
      rule.suggestions().forEach(s -> collect(s.when(), found));
    }
    return List.copyOf(found);
  }

  private static void collect(Criterion c, Set<Threshold> out) {
    if (c instanceof AllOf all) {
      all.criteria().forEach(x -> collect(x, out));
    } else if (c instanceof AnyOf any) {
      any.criteria().forEach(x -> collect(x, out));
    } else if (c instanceof Not not) {
      collect(not.criterion(), out);
    } else if (c instanceof Named named) {
      collect(named.criterion(), out);
    } else if (c instanceof LatestObservation o && o.comparison() != null) {
      out.add(new Threshold(o.valueSet(), o.comparison(), o.threshold()));
    }
  }

  /** A threshold, an accepted unit of its value set, and how far above or below to go. */
  record Case(Threshold threshold, Accepted unit, double offset) {}

  @Provide
  Arbitrary<Case> cases() {
    List<Threshold> thresholds = thresholds();
    Arbitrary<Threshold> t = Arbitraries.of(thresholds);
    return t.flatMap(
        threshold ->
            Combinators.combine(
                    Arbitraries.of(ACCEPTED.get(threshold.valueSet().id())),
                    // Relative offsets from 1e-5 to 50%, either side, plus whole steps.
                    Arbitraries.oneOf(
                        Arbitraries.doubles().between(1e-5, 0.5).ofScale(7),
                        Arbitraries.doubles().between(-0.5, -1e-5).ofScale(7),
                        Arbitraries.of(1e-4, -1e-4, 0.01, -0.01, 1.0, -1.0)))
                .as((unit, offset) -> new Case(threshold, unit, offset)));
  }

  @Property(tries = 3000)
  void aValueJustAboveOrBelowAThresholdComparesTheSameInEveryUnit(@ForAll("cases") Case c) {
    Threshold t = c.threshold();
    double scale = Math.max(Math.abs(t.value()), 1.0);
    double canonicalTarget = t.value() + c.offset() * scale;
    // As reported: the target in the unit, six significant digits.
    BigDecimal reported =
        BigDecimal.valueOf(canonicalTarget)
            .divide(c.unit().factor(), MathContext.DECIMAL64)
            .round(new MathContext(6, RoundingMode.HALF_EVEN));
    BigDecimal exact = reported.multiply(c.unit().factor());
    BigDecimal distance = exact.subtract(BigDecimal.valueOf(t.value())).abs();
    if (distance.compareTo(BigDecimal.valueOf(RESOLUTION)) < 0) {
      return; // within the documented resolution of the comparison
    }
    if (t.valueSet().id().equals("obs-tsat")
        && c.unit().unit().equals("%")
        && reported.compareTo(BigDecimal.ONE) <= 0) {
      return; // "0.5 %" is ambiguous (fraction or percent): never evaluated, by design
    }
    String code = c.unit().onlyForCode();
    OptionalDouble converted =
        RULES.units().toCanonical(t.valueSet(), code, reported.doubleValue(), c.unit().unit());
    assertThat(converted).as("%s %s converts for %s", reported, c.unit().unit(), t).isPresent();
    boolean expected = compare(t.op(), exact, BigDecimal.valueOf(t.value()));
    boolean actual = t.op().test(Numbers.clean(converted.getAsDouble()), t.value());
    assertThat(actual)
        .as(
            "%s %s (exactly %s %s) against %s",
            reported, c.unit().unit(), exact, t.valueSet().canonicalUnit(), t)
        .isEqualTo(expected);
  }

  private static boolean compare(Comparison op, BigDecimal value, BigDecimal threshold) {
    int cmp = value.compareTo(threshold);
    return switch (op) {
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
    };
  }

  @Property(tries = 1000)
  void everyAcceptedUnitConvertsByItsFactor(
      @ForAll("valueSetsWithUnits") String valueSet, @ForAll("readings") BigDecimal reading) {
    CompiledValueSet vs = RULES.valueSets().get(valueSet);
    for (Accepted unit : ACCEPTED.get(valueSet)) {
      if (valueSet.equals("obs-tsat") && unit.unit().equals("%") && reading.doubleValue() <= 1) {
        continue;
      }
      OptionalDouble converted =
          RULES.units().toCanonical(vs, unit.onlyForCode(), reading.doubleValue(), unit.unit());
      assertThat(converted).as("%s %s in %s", reading, unit.unit(), valueSet).isPresent();
      double expected = reading.multiply(unit.factor()).doubleValue();
      assertThat(converted.getAsDouble())
          .as("%s %s in %s", reading, unit.unit(), valueSet)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.abs(expected) * 1e-9));
    }
  }

  @Provide
  Arbitrary<String> valueSetsWithUnits() {
    return Arbitraries.of(List.copyOf(ACCEPTED.keySet()));
  }

  @Provide
  Arbitrary<BigDecimal> readings() {
    return Arbitraries.bigDecimals()
        .between(new BigDecimal("0.001"), new BigDecimal("100000"))
        .ofScale(3);
  }

  /**
   * The table above is the catalogue's: every value set with a canonical unit is in it, with that
   * unit, and every alias of cards/units.yaml is one of its units (so a new alias or value set
   * fails here until the properties cover it).
   */
  @net.jqwik.api.Example
  void theTableCoversTheCatalogue() throws java.io.IOException {
    for (String id : RULES.valueSets().ids()) {
      CompiledValueSet vs = RULES.valueSets().get(id);
      if (vs.canonicalUnit() != null) {
        assertThat(ACCEPTED).as("units of %s", id).containsKey(id);
        assertThat(ACCEPTED.get(id).get(0).unit()).isEqualTo(vs.canonicalUnit());
      }
    }
    Map<String, List<Map<String, Object>>> aliases =
        new Yaml().load(java.nio.file.Files.readString(java.nio.file.Path.of("cards/units.yaml")));
    aliases.forEach(
        (set, list) ->
            list.forEach(
                alias ->
                    assertThat(ACCEPTED.get(set).stream().map(Accepted::unit))
                        .as("alias %s of %s", alias.get("unit"), set)
                        .contains((String) alias.get("unit"))));
    assertThat(thresholds()).hasSizeGreaterThan(10);
  }
}
