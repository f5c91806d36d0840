package org.hemacds.cards;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are compared and printed on cards. */
final class Numbers {

  private Numbers() {}

  /** Digits before the point beyond which a number is printed in scientific notation. */
  private static final int MAX_PLAIN_DIGITS = 15;

  /** Removes floating-point noise from a converted value (110 g/L × 0.1 = 11.000000000000002). */
  static double clean(double value) {
    if (!Double.isFinite(value)) {
      return value; // BigDecimal has no infinity; callers treat such values as unreadable
    }
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).doubleValue();
  }

  /** At most one decimal place, no trailing ".0" (rules.md §0). */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    return plain(rounded.stripTrailingZeros());
  }

  /**
   * As {@link #format}, with up to three decimals where one would show a value equal to the
   * threshold it was compared with but differs from (11.006 against 11: "11.01", not "11").
   */
  static String beside(double value, double threshold) {
    if (!Double.isFinite(value) || !Double.isFinite(threshold) || value == threshold) {
      return format(value);
    }
    String shown = format(value);
    for (int scale = 2; scale <= 3 && shown.equals(format(threshold, scale - 1)); scale++) {
      shown = format(value, scale);
    }
    return shown;
  }

  private static String format(double value, int scale) {
    return plain(
        BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros());
  }

  /** The value as reported, without rounding and without trailing zeros (0.510 → "0.51"). */
  static String exact(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return plain(BigDecimal.valueOf(value).stripTrailingZeros());
  }

  /** Plain digits, except for absurd magnitudes (1E+300 stays short on a card). */
  private static String plain(BigDecimal value) {
    if (value.precision() - value.scale() > MAX_PLAIN_DIGITS) {
      return value.round(new java.math.MathContext(6, RoundingMode.HALF_UP)).toString();
    }
    return value.toPlainString();
  }
}
