package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Values reported as bounds ({@code <5}) decide a threshold only when every possible value agrees.
 */
class ComparisonTest {

  @Test
  void plainComparisons() {
    assertThat(Comparison.GT.test(11.0, 11.0)).isFalse();
    assertThat(Comparison.GT.test(11.1, 11.0)).isTrue();
    assertThat(Comparison.GE.test(8.0, 8.0)).isTrue();
    assertThat(Comparison.LT.test(75, 75)).isFalse();
    assertThat(Comparison.LE.test(75, 75)).isTrue();
  }

  @Test
  void upperBoundsDecideLessThan() {
    assertThat(Comparison.LT.testBound("<", 5, 75)).isEqualTo(Truth.TRUE);
    assertThat(Comparison.LT.testBound("<", 75, 75)).isEqualTo(Truth.TRUE);
    assertThat(Comparison.LT.testBound("<=", 75, 75)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.LT.testBound("<", 100, 75)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.LE.testBound("<=", 75, 75)).isEqualTo(Truth.TRUE);
  }

  @Test
  void lowerBoundsDecideGreaterThan() {
    assertThat(Comparison.GT.testBound(">", 1000, 1000)).isEqualTo(Truth.TRUE);
    assertThat(Comparison.GT.testBound(">=", 1000, 1000)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.GT.testBound(">=", 2000, 1000)).isEqualTo(Truth.TRUE);
    assertThat(Comparison.GE.testBound(">=", 8, 8)).isEqualTo(Truth.TRUE);
  }

  @Test
  void boundsOnTheWrongSideRuleOut() {
    assertThat(Comparison.GT.testBound("<", 5, 11)).isEqualTo(Truth.FALSE);
    assertThat(Comparison.GT.testBound("<=", 11, 11)).isEqualTo(Truth.FALSE);
    assertThat(Comparison.GT.testBound("<", 12, 11)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.LT.testBound(">", 75, 75)).isEqualTo(Truth.FALSE);
    assertThat(Comparison.LT.testBound(">=", 75, 75)).isEqualTo(Truth.FALSE);
    assertThat(Comparison.LE.testBound(">=", 75, 75)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.LE.testBound(">", 75, 75)).isEqualTo(Truth.FALSE);
  }

  /** Found by ComparisonProperties: "ad" was read as a lower bound (">"). */
  @Test
  void adAndOtherComparatorsAreNoBound() {
    assertThat(Comparison.GT.testBound("ad", 1000, 500)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.LT.testBound("ad", 5, 75)).isEqualTo(Truth.UNKNOWN);
    assertThat(Comparison.LT.testBound("~", 5, 75)).isEqualTo(Truth.UNKNOWN);
  }
}
