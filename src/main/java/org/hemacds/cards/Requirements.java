package org.hemacds.cards;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.hemacds.fhir.DataKind;
import org.hemacds.terminology.CompiledValueSet;

/** What data a set of rules reads: the kinds, and the observation codes in particular. */
public final class Requirements {

  private final Set<DataKind> kinds = EnumSet.noneOf(DataKind.class);
  private final Set<String> observationCodes = new TreeSet<>();

  public Requirements kind(DataKind kind) {
    kinds.add(kind);
    return this;
  }

  public Requirements observations(CompiledValueSet valueSet) {
    kinds.add(DataKind.OBSERVATIONS);
    valueSet
        .codes()
        .forEach((system, codes) -> codes.forEach(c -> observationCodes.add(system + "|" + c)));
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

  public Requirements addAll(Requirements other) {
    kinds.addAll(other.kinds);
    observationCodes.addAll(other.observationCodes);
    return this;
  }
}
