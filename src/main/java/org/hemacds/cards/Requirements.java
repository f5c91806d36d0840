package org.hemacds.cards;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DataNeeds;
import org.hemacds.terminology.CompiledValueSet;

/** What data a set of rules reads: the kinds, and the observation codes in particular. */
public final class Requirements {

  private final Set<DataKind> kinds = EnumSet.noneOf(DataKind.class);
  private final Set<String> observationCodes = new TreeSet<>();
  private int observationLookbackDays;
  private final Map<String, Integer> lookbackDaysByCode = new HashMap<>();
  private boolean filteredObservationSets;

  public Requirements kind(DataKind kind) {
    kinds.add(kind);
    return this;
  }

  /** Observations of the set, no older than {@code lookbackDays}. */
  public Requirements observations(CompiledValueSet valueSet, int lookbackDays) {
    observationLookbackDays = Math.max(observationLookbackDays, lookbackDays);
    kinds.add(DataKind.OBSERVATIONS);
    valueSet
        .codes()
        .forEach(
            (system, codes) ->
                codes.forEach(
                    c -> {
                      observationCodes.add(system + "|" + c);
                      lookbackDaysByCode.merge(system + "|" + c, lookbackDays, Math::max);
                    }));
    if (!valueSet.filters().isEmpty()) {
      filteredObservationSets = true;
    }
    return this;
  }

  public Requirements medications() {
    kinds.add(DataKind.MEDICATION_REQUESTS);
    kinds.add(DataKind.MEDICATION_STATEMENTS);
    kinds.add(DataKind.MEDICATION_ADMINISTRATIONS);
    return this;
  }

  public Set<DataKind> kinds() {
    return kinds;
  }

  public Set<String> observationCodes() {
    return observationCodes;
  }

  /** The longest observation lookback of the rules: older results are never read. */
  public int observationLookbackDays() {
    return observationLookbackDays;
  }

  /** As the FHIR layer needs it. */
  public DataNeeds needs() {
    return new DataNeeds(
        Set.copyOf(kinds),
        Set.copyOf(observationCodes),
        observationLookbackDays,
        filteredObservationSets ? Map.of() : Map.copyOf(lookbackDaysByCode));
  }

  public Requirements addAll(Requirements other) {
    kinds.addAll(other.kinds);
    observationLookbackDays = Math.max(observationLookbackDays, other.observationLookbackDays);
    observationCodes.addAll(other.observationCodes);
    other.lookbackDaysByCode.forEach(
        (code, days) -> lookbackDaysByCode.merge(code, days, Math::max));
    filteredObservationSets |= other.filteredObservationSets;
    return this;
  }
}
