package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The catalogue compiled on the startup thread is taken by the bean once, for its location only.
 */
class RuleCatalogAheadTest {

  private static final String CARDS = "classpath:cards/";

  private static RuleCatalog bean(String location) {
    return new RuleCatalog(new RulesProperties(location, ZoneId.of("UTC")), RuleCasesTest.FHIR);
  }

  @Test
  void theBeanTakesWhatWasCompiledAhead() {
    CompletableFuture<RuleSet> ahead = RuleCatalog.expectAhead(CARDS);
    RuleCatalog.compileInto(ahead, CARDS, RuleCasesTest.FHIR);

    assertThat(bean(CARDS).engine().ruleSet()).isSameAs(ahead.join());
    assertThat(bean(CARDS).engine().ruleSet()).as("taken once").isNotSameAs(ahead.join());
  }

  @Test
  void theBeanIsBuiltWithoutWaitingForTheCompilationAhead() {
    CompletableFuture<RuleSet> ahead = RuleCatalog.expectAhead(CARDS);
    RuleCatalog bean = bean(CARDS);
    assertThat(ahead).isNotDone();

    RuleCatalog.compileInto(ahead, CARDS, RuleCasesTest.FHIR);
    assertThat(bean.engine().ruleSet()).isSameAs(ahead.join());
  }

  @Test
  void anotherLocationOrACancelledCompilationIsCompiledByTheBean() {
    CompletableFuture<RuleSet> elsewhere = RuleCatalog.expectAhead("classpath:elsewhere/");
    RuleCatalog.compileInto(elsewhere, CARDS, RuleCasesTest.FHIR);
    assertThat(bean(CARDS).engine().ruleSet()).isNotSameAs(elsewhere.join());

    RuleCatalog.expectAhead(CARDS).cancel(false);
    assertThat(bean(CARDS).engine().ruleSet().rules()).hasSize(25);
  }

  @Test
  void aCompilationThatFailedAheadFailsTheBeanAsUsual() {
    CompletableFuture<RuleSet> ahead = RuleCatalog.expectAhead("classpath:no-such-catalogue/");
    RuleCatalog.compileInto(ahead, "classpath:no-such-catalogue/", RuleCasesTest.FHIR);
    assertThat(ahead).isCompletedExceptionally();

    RuleCatalog bean = bean("classpath:no-such-catalogue/");
    assertThatThrownBy(bean::afterSingletonsInstantiated)
        .as("startup stops once the singletons exist")
        .hasMessageContaining("No rule catalogue found at classpath:no-such-catalogue/");
  }

  @Test
  void withoutACompilationAheadTheBeanCompilesAndFailsInItsConstructor() {
    assertThatThrownBy(() -> bean("classpath:no-such-catalogue/"))
        .hasMessageContaining("No rule catalogue found at classpath:no-such-catalogue/");
  }
}
