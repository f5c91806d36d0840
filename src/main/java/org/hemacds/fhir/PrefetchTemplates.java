package org.hemacds.fhir;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a service's prefetch templates from the data its rules read: one key per {@link DataKind};
 * observations narrowed to the LOINC codes the rules use, newest first.
 */
public final class PrefetchTemplates {

  /** Enough results to cover the longest observation lookback for a heavily tested patient. */
  public static final int OBSERVATION_PAGE = 1000;

  private PrefetchTemplates() {}

  /**
   * @param kinds the data kinds the service reads
   * @param observationCodes {@code system|code} tokens of the observations it reads
   */
  public static Map<String, String> templates(
      Collection<DataKind> kinds, Collection<String> observationCodes) {
    Map<String, String> templates = new LinkedHashMap<>();
    for (DataKind kind : DataKind.values()) {
      if (!kinds.contains(kind)) {
        continue;
      }
      templates.put(kind.prefetchKey(), query(kind, observationCodes));
    }
    return templates;
  }

  /** The query for one kind (relative URL, with prefetch tokens). */
  public static String query(DataKind kind, Collection<String> observationCodes) {
    if (kind == DataKind.OBSERVATIONS && !observationCodes.isEmpty()) {
      Set<String> sorted = new TreeSet<>(observationCodes);
      return kind.baseQuery()
          + "&code="
          + String.join(",", sorted)
          + "&_sort=-date&_count="
          + OBSERVATION_PAGE;
    }
    return kind.baseQuery();
  }
}
