package org.hemacds.cards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.fhir.DataKind;

/**
 * The pure rule engine: compiled rules × chart × draft orders → decisions with their evidence. No
 * I/O, no clock: the chart carries the request date.
 */
public final class RuleEngine {

  private static final Map<String, Integer> URGENCY =
      Map.of("critical", 0, "warning", 1, "info", 2);

  private final RuleSet ruleSet;
  private final Map<Rule, Set<DataKind>> reads = new IdentityHashMap<>();

  public RuleEngine(RuleSet ruleSet) {
    this.ruleSet = ruleSet;
    for (Rule rule : ruleSet.rules()) {
      reads.put(rule, Set.copyOf(requirements(List.of(rule)).kinds()));
    }
  }

  public RuleSet ruleSet() {
    return ruleSet;
  }

  /**
   * The result of one request: decisions to show, how many candidates could be decided, and how
   * many could not because data they read was unavailable (missing, failed, partial).
   */
  public record Result(List<Decision> decisions, int candidates, int decided, int lackingData) {

    /**
     * True when the answer cannot stand as advice: rules had to run and none could be decided, or
     * no card is shown while a rule could not be decided because data it reads was unavailable (an
     * empty answer would read as "nothing to advise"). Cards that were decided are shown even if
     * other rules lacked data.
     */
    public boolean undecidable() {
      return candidates > 0 && decided == 0 || decisions.isEmpty() && lackingData > 0;
    }
  }

  /**
   * The rules that run on this hook: on order hooks, those with a selected draft order matching
   * their trigger; on patient-view, all of the hook's rules.
   */
  public List<Rule> candidates(String hook, List<DraftFact> drafts, boolean includeDisabled) {
    List<Rule> result = new ArrayList<>();
    for (Rule rule : ruleSet.rules()) {
      if ((rule.enabled() || includeDisabled)
          && rule.hooks().contains(hook)
          && (isPatientView(hook) || !triggers(rule, drafts).isEmpty())) {
        result.add(rule);
      }
    }
    return result;
  }

  /** What the given rules read, for prefetch templates and FHIR fetches. */
  public static Requirements requirements(Collection<Rule> rules) {
    Requirements requirements = new Requirements();
    for (Rule rule : rules) {
      rule.when().require(requirements);
      rule.notes().forEach(n -> n.when().require(requirements));
      rule.show().forEach(s -> requirements.observations(s.valueSet(), s.lookbackDays()));
      rule.suggestions().stream()
          .filter(s -> s.when() != null)
          .forEach(s -> s.when().require(requirements));
      if (rule.dose() != null) {
        requirements.observations(rule.dose().bsa(), rule.dose().bsaLookbackDays());
        requirements.observations(rule.dose().height(), rule.dose().heightLookbackDays());
        requirements.observations(rule.dose().weight(), rule.dose().weightLookbackDays());
      }
      if (!rule.suggestions().isEmpty()
          && rule.suggestions().stream().anyMatch(s -> s.create() != null)) {
        requirements.kind(org.hemacds.fhir.DataKind.PATIENT);
      }
    }
    return requirements;
  }

  public Result evaluate(String hook, Chart chart, boolean includeDisabled) {
    List<Rule> candidates = candidates(hook, chart.drafts(), includeDisabled);
    List<Decision> fired = new ArrayList<>();
    int decided = 0;
    int lackingData = 0;
    for (Rule rule : candidates) {
      List<DraftFact> triggers = isPatientView(hook) ? List.of() : triggers(rule, chart.drafts());
      Evaluation evaluation = new Evaluation(chart, ruleSet.units(), triggers);
      Outcome outcome = rule.when().evaluate(evaluation);
      if (outcome.truth() != Truth.UNKNOWN) {
        decided++;
      } else if (readsUnavailable(rule, chart)) {
        lackingData++;
      }
      if (outcome.truth() == Truth.TRUE) {
        List<Fact> evidence = new ArrayList<>(outcome.evidence());
        if (rule.dose() != null) {
          Fact dose = BodySurfaceDose.compute(rule.dose(), evaluation);
          evaluation.bind("dose", dose);
          evidence.add(dose);
        }
        fired.add(new Decision(rule, evidence, evaluation));
      }
    }
    Set<String> firedIds = new HashSet<>();
    fired.forEach(d -> firedIds.add(d.rule().id()));
    List<Decision> shown = new ArrayList<>();
    for (Decision d : fired) {
      if (d.rule().suppressedBy().stream().noneMatch(firedIds::contains)) {
        shown.add(d);
      }
    }
    shown.sort(
        Comparator.comparing((Decision d) -> URGENCY.getOrDefault(d.rule().indicator(), 3))
            .thenComparing(d -> d.rule().id()));
    return new Result(List.copyOf(shown), candidates.size(), decided, lackingData);
  }

  /** True when some kind of data the rule reads could not be read. */
  private boolean readsUnavailable(Rule rule, Chart chart) {
    Set<DataKind> kinds = reads.get(rule);
    if (kinds == null) { // not a rule of this engine's set: work it out
      kinds = requirements(List.of(rule)).kinds();
    }
    for (DataKind kind : kinds) {
      if (!chart.available(kind)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPatientView(String hook) {
    return "patient-view".equals(hook);
  }

  /** Selected draft orders matching the rule's trigger. */
  static List<DraftFact> triggers(Rule rule, List<DraftFact> drafts) {
    if (rule.trigger() == null) {
      return List.of();
    }
    List<DraftFact> result = new ArrayList<>();
    for (DraftFact d : drafts) {
      if (d.selected()
          && rule.trigger().resourceType().equals(d.resourceType())
          && DraftOrderFor.matches(rule.trigger().valueSet(), d)) {
        result.add(d);
      }
    }
    return result;
  }
}
