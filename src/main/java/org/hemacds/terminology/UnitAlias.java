package org.hemacds.terminology;

import java.util.Set;

/**
 * A unit spelling accepted for one observation value set beyond UCUM (codes.md §5): either a UCUM
 * spelling to convert from ({@code asUcum}) or a fixed {@code factor} to the canonical unit.
 *
 * @param unit the unit as labs send it, e.g. {@code K/uL}
 * @param asUcum the UCUM unit it means, or null when {@code factor} applies
 * @param factor multiply by this to get the canonical unit (when {@code asUcum} is null)
 * @param onlyForCodes {@code system|code} of the observation codes it applies to; empty = all
 * @param ambiguousAtMost values at or below this in this unit cannot be evaluated (null = none)
 */
public record UnitAlias(
    String unit, String asUcum, Double factor, Set<String> onlyForCodes, Double ambiguousAtMost) {}
