package org.hemacds.fhir;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly the data the triggered rules read: the kinds, the observation codes ({@code
 * system|code}), and how far back observations matter: overall, and per listed code.
 *
 * @param lookbackDaysByCode for each observation code, the longest lookback of the value sets
 *     listing it; empty when some value set selects codes by a filter (then only the overall
 *     lookback is known)
 */
public record DataNeeds(
    Set<DataKind> kinds,
    Set<String> observationCodes,
    int observationLookbackDays,
    Map<String, Integer> lookbackDaysByCode) {

  public DataNeeds(Set<DataKind> kinds, Set<String> observationCodes, int observationLookbackDays) {
    this(kinds, observationCodes, observationLookbackDays, Map.of());
  }

  /** How far back an observation with these {@code system|code} tokens can matter to a rule. */
  public int lookbackDaysFor(List<String> codeTokens) {
    if (codeTokens.isEmpty() || lookbackDaysByCode.isEmpty()) {
      return observationLookbackDays;
    }
    int days = -1;
    for (String token : codeTokens) {
      Integer listed = lookbackDaysByCode.get(token);
      if (listed == null) {
        return observationLookbackDays;
      }
      days = Math.max(days, listed);
    }
    return days;
  }
}
