package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Comparison#testBound}: a value reported only as a bound ({@code <5}, {@code >=200})
 * decides a threshold only when every value the bound allows agrees (codes.md §6 rule 2). Sound:
 * TRUE or FALSE only when all allowed values agree; complete: over the reals, it decides whenever
 * they all agree; and a comparator that is not a bound ({@code ad}, or any other text) decides
 * nothing.
 */
class ComparisonProperties {

  static final List<String> BOUNDS = List.of("<", "<=", ">", ">=");

  @Provide
  Arbitrary<String> bounds() {
    return Arbitraries.of(BOUNDS);
  }

  @Provide
  Arbitrary<Double> numbers() {
    // Thresholds and bounds as labs and rules write them, often equal to each other.
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-3, 1200).map(Integer::doubleValue),
        Arbitraries.integers().between(-30, 1200).map(i -> i / 10.0),
        Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.of(0.0, 0.5, 8.0, 11.0, 20.0, 75.0, 500.0, 1000.0));
  }

  @Property(tries = 2000)
  void aDecidedBoundAgreesWithEveryValueItAllows(
      @ForAll("bounds") String comparator,
      @ForAll("numbers") double bound,
      @ForAll("numbers") double threshold,
      @ForAll Comparison op) {
    Truth truth = op.testBound(comparator, bound, threshold);
    if (truth == Truth.UNKNOWN) {
      return;
    }
    for (double value : allowedValues(comparator, bound, threshold)) {
      assertThat(op.test(value, threshold))
          .as(
              "%s%s decided %s for %s %s but %s is allowed",
              comparator, bound, truth, op, threshold, value)
          .isEqualTo(truth == Truth.TRUE);
    }
  }

  @Property(tries = 2000)
  void aBoundDecidesWheneverEveryRealItAllowsAgrees(
      @ForAll("bounds") String comparator,
      @ForAll("numbers") double bound,
      @ForAll("numbers") double threshold,
      @ForAll Comparison op) {
    assertThat(op.testBound(comparator, bound, threshold))
        .as("%s%s against %s %s", comparator, bound, op, threshold)
        .isEqualTo(overTheReals(comparator, bound, threshold, op));
  }

  @Provide
  Arbitrary<String> notBounds() {
    return Arbitraries.oneOf(
        Arbitraries.of("ad", "", "=", "==", "~", "<<", "=<", "≤", "≥", " <", "< "),
        Arbitraries.strings().ofMaxLength(4).filter(s -> !BOUNDS.contains(s)));
  }

  /** FHIR's {@code ad} ("sufficient to achieve this total") and other text bound nothing. */
  @Property(tries = 500)
  void aComparatorThatIsNotABoundDecidesNothing(
      @ForAll("notBounds") String comparator,
      @ForAll("numbers") double value,
      @ForAll("numbers") double threshold,
      @ForAll Comparison op) {
    assertThat(op.testBound(comparator, value, threshold))
        .as("comparator '%s'", comparator)
        .isEqualTo(Truth.UNKNOWN);
  }

  /** Values the bound allows, chosen where the answer could change. */
  static List<Double> allowedValues(String comparator, double bound, double threshold) {
    boolean upper = comparator.startsWith("<");
    boolean inclusive = comparator.endsWith("=");
    List<Double> candidates =
        List.of(
            bound,
            Math.nextUp(bound),
            Math.nextDown(bound),
            threshold,
            Math.nextUp(threshold),
            Math.nextDown(threshold),
            bound + 1,
            bound - 1,
            -1e12,
            1e12);
    List<Double> allowed = new ArrayList<>();
    for (double v : candidates) {
      boolean ok =
          upper ? (inclusive ? v <= bound : v < bound) : (inclusive ? v >= bound : v > bound);
      if (ok) {
        allowed.add(v);
      }
    }
    return allowed;
  }

  /** The answer over the reals: does every value of the bound's interval agree? */
  static Truth overTheReals(String comparator, double b, double t, Comparison op) {
    boolean upper = comparator.startsWith("<");
    boolean inclusive = comparator.endsWith("=");
    // Interval (-inf, b) / (-inf, b] or (b, inf) / [b, inf) against {v op t}.
    boolean allTrue;
    boolean allFalse;
    if (upper) {
      allTrue =
          switch (op) {
            case LT -> inclusive ? b < t : b <= t;
            case LE -> b <= t;
            case GT, GE -> false;
          };
      allFalse =
          switch (op) {
            case GT -> b <= t;
            case GE -> inclusive ? b < t : b <= t;
            case LT, LE -> false;
          };
    } else {
      allTrue =
          switch (op) {
            case GT -> inclusive ? b > t : b >= t;
            case GE -> b >= t;
            case LT, LE -> false;
          };
      allFalse =
          switch (op) {
            case LT -> b >= t;
            case LE -> inclusive ? b > t : b >= t;
            case GT, GE -> false;
          };
    }
    return allTrue ? Truth.TRUE : allFalse ? Truth.FALSE : Truth.UNKNOWN;
  }
}
