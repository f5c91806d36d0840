package org.hemacds.cards;

import java.util.List;
import java.util.Set;
import org.hemacds.cards.model.Coding;
import org.hemacds.cards.model.Source;
import org.hemacds.terminology.CompiledValueSet;

/**
 * One compiled clinical rule (one file under {@code cards/}).
 *
 * @param enabled false for rules whose status is draft: evaluated in tests, never returned
 * @param hooks the hook ids whose services evaluate it
 * @param trigger on order hooks, the draft order that makes the rule run (null: chart only)
 * @param suppressedBy rule ids whose card, when shown, replaces this one
 */
public record Rule(
    String id,
    int version,
    String title,
    boolean enabled,
    String indicator,
    Set<String> hooks,
    Trigger trigger,
    Criterion when,
    List<String> suppressedBy,
    String summary,
    String evidence,
    String limits,
    List<Note> notes,
    List<Show> show,
    DoseSpec dose,
    Source source,
    List<SuggestionSpec> suggestions,
    List<Coding> overrideReasons,
    String file) {

  /** Which draft orders trigger the rule on order-select and order-sign. */
  public record Trigger(String resourceType, CompiledValueSet valueSet) {}

  /**
   * A line in "Why this card" that depends on the chart: {@code text} if it holds, {@code
   * otherwise} if it does not, {@code unknown} if its data could not be read (null: no line).
   */
  public record Note(Criterion when, String text, String otherwise, String unknown) {}

  /** Data shown for context, not used to decide: the latest value within a lookback, or "none". */
  public record Show(String label, CompiledValueSet valueSet, int lookbackDays) {}

  /**
   * A body-surface-area dose (Mosteller), rounded to the capsule size: binds {@code dose}.
   *
   * @param roundToMg capsule size; halves round up
   */
  public record DoseSpec(
      double mgPerM2,
      int roundToMg,
      CompiledValueSet bsa,
      int bsaLookbackDays,
      CompiledValueSet height,
      int heightLookbackDays,
      CompiledValueSet weight,
      int weightLookbackDays) {}

  /**
   * A suggestion: delete the triggering draft order(s) and/or create a resource from a template.
   *
   * @param create FHIR resource template as JSON text with placeholders (null: no create)
   * @param createWithoutDose template used instead when the dose could not be computed
   * @param when the suggestion is offered only when this holds (null: always)
   * @param otherwise detail line when the suggestion is withheld
   */
  public record SuggestionSpec(
      String label,
      boolean recommended,
      boolean deleteTrigger,
      String deleteDescription,
      String create,
      String createWithoutDose,
      String createDescription,
      Criterion when,
      String otherwise) {}
}
