package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When an answer cannot stand as advice (412) and when it can (200, with or without cards). */
class RuleEngineResultTest {

  private static final Decision CARD =
      RuleCasesTest.ENGINE.ruleSet().rules().stream()
          .findFirst()
          .map(rule -> new Decision(rule, List.of(), null))
          .orElseThrow();

  @Test
  void noRuleToRunIsAnAnswer() {
    assertThat(new RuleEngine.Result(List.of(), 0, 0, 0).undecidable()).isFalse();
  }

  @Test
  void noRuleDecidedIsNoAnswer() {
    assertThat(new RuleEngine.Result(List.of(), 3, 0, 0).undecidable()).isTrue();
  }

  @Test
  void noCardWhileARuleLackedDataIsNoAnswer() {
    assertThat(new RuleEngine.Result(List.of(), 3, 2, 1).undecidable()).isTrue();
  }

  @Test
  void cardsThatWereDecidedStandWhileAnotherRuleLackedData() {
    assertThat(new RuleEngine.Result(List.of(CARD), 3, 2, 1).undecidable()).isFalse();
  }

  @Test
  void noCardIsAnAnswerWhenEveryUndecidedRuleHadItsData() {
    // e.g. a QTc without a unit: read, but not comparable; nothing was missing.
    assertThat(new RuleEngine.Result(List.of(), 3, 2, 0).undecidable()).isFalse();
  }
}
