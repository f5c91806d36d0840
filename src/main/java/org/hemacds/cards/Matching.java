package org.hemacds.cards;

import java.util.List;
import org.hemacds.terminology.CodedValue;
import org.hemacds.terminology.CompiledValueSet;

/** How a coded thing is matched to a value set. */
final class Matching {

  private Matching() {}

  /**
   * Codes first. Free text (whole words, e.g. "arsenic trioxide") only when the record carries no
   * code at all, as orders typed as text do; a record whose codes are all outside the value set
   * does not match on its text.
   */
  static boolean medication(
      CompiledValueSet valueSet, List<CodedValue> codes, String text, String display) {
    if (valueSet.containsAny(codes)) {
      return true;
    }
    if (!codes.isEmpty()) {
      return false;
    }
    return valueSet.matchesText(text) || valueSet.matchesText(display);
  }
}
