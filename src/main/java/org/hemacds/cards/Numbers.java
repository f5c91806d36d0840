package org.hemacds.cards;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are compared and printed on cards. */
final class Numbers {

  private Numbers() {}

  /** Removes floating-point noise from a converted value (110 g/L × 0.1 = 11.000000000000002). */
  static double clean(double value) {
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).doubleValue();
  }

  /** At most one decimal place, no trailing ".0" (rules.md §0). */
  static String format(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    return rounded.stripTrailingZeros().toPlainString();
  }

  /** The value as reported, without rounding and without trailing zeros (0.510 → "0.51"). */
  static String exact(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
