package org.hemacds.cards;

/** A threshold comparison of a canonical value. */
public enum Comparison {
  GT(">"),
  GE("≥"),
  LT("<"),
  LE("≤");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public static Comparison parse(String text) {
    return switch (text) {
      case ">", "gt" -> GT;
      case ">=", "≥", "ge" -> GE;
      case "<", "lt" -> LT;
      case "<=", "≤", "le" -> LE;
      default -> null;
    };
  }

  boolean test(double value, double threshold) {
    return switch (this) {
      case GT -> value > threshold;
      case GE -> value >= threshold;
      case LT -> value < threshold;
      case LE -> value <= threshold;
    };
  }

  /**
   * Decides the comparison for a value reported only as a bound ({@code <5}, {@code >=200}): TRUE
   * or FALSE when every value the bound allows gives the same answer, else UNKNOWN.
   */
  Truth testBound(String boundComparator, double bound, double threshold) {
    boolean upper;
    boolean inclusive;
    switch (boundComparator) {
      case "<" -> {
        upper = true;
        inclusive = false;
      }
      case "<=" -> {
        upper = true;
        inclusive = true;
      }
      case ">" -> {
        upper = false;
        inclusive = false;
      }
      case ">=" -> {
        upper = false;
        inclusive = true;
      }
      default -> {
        // FHIR's "ad" (sufficient to achieve this total) is no bound, nor is anything else.
        return Truth.UNKNOWN;
      }
    }
    // The set of possible values is (-inf, bound) / (-inf, bound] or (bound, inf) / [bound, inf).
    return switch (this) {
      case LT, LE -> {
        if (upper) {
          boolean allBelow =
              inclusive ? test(bound, threshold) : bound <= threshold || test(bound, threshold);
          yield allBelow ? Truth.TRUE : Truth.UNKNOWN;
        }
        boolean noneBelow =
            this == LT ? bound >= threshold : (inclusive ? bound > threshold : bound >= threshold);
        yield noneBelow ? Truth.FALSE : Truth.UNKNOWN;
      }
      case GT, GE -> {
        if (!upper) {
          boolean allAbove =
              inclusive ? test(bound, threshold) : bound >= threshold || test(bound, threshold);
          yield allAbove ? Truth.TRUE : Truth.UNKNOWN;
        }
        boolean noneAbove =
            this == GT ? bound <= threshold : (inclusive ? bound < threshold : bound <= threshold);
        yield noneAbove ? Truth.FALSE : Truth.UNKNOWN;
      }
    };
  }
}
