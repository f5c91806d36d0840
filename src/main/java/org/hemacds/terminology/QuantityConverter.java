package org.hemacds.terminology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/**
 * Converts observation values to a value set's canonical UCUM unit: UCUM conversion (factors
 * cached) or the explicit aliases of {@code cards/units.yaml}. A unit that is missing, unknown or
 * not convertible gives an empty result: the value cannot be evaluated, never guessed.
 */
public final class QuantityConverter {

  private static final String ESSENCE = "/ucum-essence.xml";
  private static UcumService shared; // see ucum()

  private final UcumService ucum;
  private final Map<String, List<UnitAlias>> aliasesByValueSet;
  private final Cache<String, Optional<Double>> factors =
      Caffeine.newBuilder().maximumSize(10_000).build();

  public QuantityConverter(Map<String, List<UnitAlias>> aliasesByValueSet) {
    this.ucum = ucum();
    this.aliasesByValueSet = Map.copyOf(aliasesByValueSet);
  }

  /** Loads the UCUM definitions now (once per process; startup calls it off the main thread). */
  public static void preload() {
    ucum();
  }

  /**
   * The UCUM definitions, read once and shared (every converter only reads them); a failed read is
   * not kept, so the next caller reads again and gets the error itself.
   */
  private static synchronized UcumService ucum() {
    if (shared == null) {
      shared = loadUcum();
    }
    return shared;
  }

  private static UcumService loadUcum() {
    try (InputStream in = QuantityConverter.class.getResourceAsStream(ESSENCE)) {
      if (in == null) {
        throw new IllegalStateException("UCUM definitions " + ESSENCE + " missing from classpath");
      }
      return new UcumEssenceService(in);
    } catch (UcumException | java.io.IOException e) {
      throw new IllegalStateException("Cannot load UCUM definitions", e);
    }
  }

  /** True if UCUM knows the unit. */
  public boolean isValidUcum(String unit) {
    return unit != null && ucum.validate(unit) == null;
  }

  /** Whether {@code from} converts to {@code to} under UCUM. */
  public boolean convertible(String from, String to) {
    return ucumFactor(from, to).isPresent();
  }

  /**
   * The value in the value set's canonical unit.
   *
   * @param valueSet the observation value set (its canonical unit and aliases apply)
   * @param observationCode {@code system|code} of the observation, for code-specific aliases
   * @param value the numeric value
   * @param unit the unit as sent (UCUM code, or the human unit when no UCUM code was given)
   */
  public OptionalDouble toCanonical(
      CompiledValueSet valueSet, String observationCode, double value, String unit) {
    String canonical = valueSet.canonicalUnit();
    if (canonical == null || unit == null || unit.isBlank()) {
      return OptionalDouble.empty();
    }
    String trimmed = unit.trim();
    for (UnitAlias alias : aliasesByValueSet.getOrDefault(valueSet.id(), List.of())) {
      if (!alias.unit().equals(trimmed)) {
        continue;
      }
      if (!alias.onlyForCodes().isEmpty()
          && (observationCode == null || !alias.onlyForCodes().contains(observationCode))) {
        // Not for this code (or no code: a rule's threshold at compile time): plain UCUM only.
        continue;
      }
      if (alias.ambiguousAtMost() != null && value <= alias.ambiguousAtMost()) {
        return OptionalDouble.empty();
      }
      if (alias.factor() != null) {
        return finite(value * alias.factor());
      }
      trimmed = alias.asUcum();
      break;
    }
    if (trimmed.equals(canonical)) {
      return finite(value);
    }
    Optional<Double> factor = ucumFactor(trimmed, canonical);
    return factor.isPresent() ? finite(value * factor.get()) : OptionalDouble.empty();
  }

  /** A value that overflows in conversion (1e308 s → ms) cannot be evaluated. */
  private static OptionalDouble finite(double value) {
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  private Optional<Double> ucumFactor(String from, String to) {
    return factors.get(from + "\u0000" + to, key -> computeFactor(from, to));
  }

  private Optional<Double> computeFactor(String from, String to) {
    if (from.equals(to)) {
      return Optional.of(1.0);
    }
    try {
      if (ucum.validate(from) != null || ucum.validate(to) != null) {
        return Optional.empty();
      }
      Decimal result = ucum.convert(new Decimal(1), from, to);
      return Optional.of(Double.parseDouble(result.asDecimal()));
    } catch (UcumException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
