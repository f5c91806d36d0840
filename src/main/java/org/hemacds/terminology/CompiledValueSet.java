package org.hemacds.terminology;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A value set ready for matching: explicit codes and whole-code regex filters per system, minus the
 * excludes, plus whole-word text terms for orders that carry no matching code.
 */
public record CompiledValueSet(
    String id,
    String title,
    boolean active,
    Map<String, Set<String>> codes,
    Map<String, List<Pattern>> filters,
    Map<String, Set<String>> excludedCodes,
    Map<String, List<Pattern>> excludedFilters,
    List<Pattern> textTerms,
    List<Pattern> textVetoes,
    String canonicalUnit) {

  public boolean contains(String system, String code) {
    if (system == null || code == null) {
      return false;
    }
    return listed(codes, filters, system, code)
        && !listed(excludedCodes, excludedFilters, system, code);
  }

  /** In the codes or matched by a filter of that system (a loop: this runs per code per set). */
  private static boolean listed(
      Map<String, Set<String>> codes,
      Map<String, List<Pattern>> filters,
      String system,
      String code) {
    Set<String> explicit = codes.get(system);
    if (explicit != null && explicit.contains(code)) {
      return true;
    }
    List<Pattern> patterns = filters.get(system);
    if (patterns != null) {
      for (Pattern pattern : patterns) {
        if (pattern.matcher(code).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  public boolean contains(CodedValue coding) {
    return contains(coding.system(), coding.code());
  }

  public boolean containsAny(List<CodedValue> codings) {
    for (CodedValue coding : codings) {
      if (contains(coding)) {
        return true;
      }
    }
    return false;
  }

  /** The systems this value set has codes or filters in. */
  public Set<String> systems() {
    return union(codes.keySet(), filters.keySet());
  }

  /** Whole-word, case-insensitive match of a drug name, unless a veto word also appears. */
  public boolean matchesText(String text) {
    if (text == null || text.isBlank() || textTerms.isEmpty()) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (Pattern veto : textVetoes) {
      if (veto.matcher(lower).find()) {
        return false;
      }
    }
    for (Pattern term : textTerms) {
      if (term.matcher(lower).find()) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  static Pattern wordPattern(String term) {
    return Pattern.compile(
        "(?<![\\p{L}\\p{N}])"
            + Pattern.quote(term.toLowerCase(Locale.ROOT))
            + "(?![\\p{L}\\p{N}])");
  }
}
