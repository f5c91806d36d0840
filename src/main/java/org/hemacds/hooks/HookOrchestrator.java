package org.hemacds.hooks;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemacds.cards.Chart;
import org.hemacds.cards.Decision;
import org.hemacds.cards.Requirements;
import org.hemacds.cards.Rule;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.cards.RuleEngine;
import org.hemacds.cards.RulesProperties;
import org.hemacds.cards.model.Card;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.DraftOrders;
import org.hemacds.fhir.FhirSource;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.fhir.PrefetchTemplates;
import org.hemacds.fhir.ResourceTypes;
import org.springframework.stereotype.Component;

/**
 * One hook call: draft orders → the rules they trigger → exactly the data those rules read
 * (prefetch, then the FHIR server) → the engine → cards. 412 when the engine's result cannot stand
 * as advice ({@link RuleEngine.Result#undecidable()}).
 */
@Component
class HookOrchestrator implements HookHandler, ServicePrefetch {

  private final RuleCatalog catalog;
  private final PatientDataLoader loader;
  private final ResourceTypes resourceTypes;
  private final Clock clock;
  private final CardLog cardLog;

  /** The prefetch templates of each hook, from the enabled rules; built when first asked for. */
  private volatile Map<Hook, Map<String, String>> templates;

  HookOrchestrator(
      RuleCatalog catalog,
      PatientDataLoader loader,
      ResourceTypes resourceTypes,
      RulesProperties rules,
      CardLog cardLog) {
    this.catalog = catalog;
    this.cardLog = cardLog;
    this.loader = loader;
    this.resourceTypes = resourceTypes;
    this.clock = Clock.system(rules.timeZone());
  }

  @Override
  public Map<String, String> templates(Hook hook) {
    Map<Hook, Map<String, String>> all = templates;
    if (all == null) {
      all = new EnumMap<>(Hook.class);
      for (Hook h : Hook.values()) {
        List<Rule> rulesOfHook =
            catalog.engine().ruleSet().rules().stream()
                .filter(r -> r.enabled() && r.hooks().contains(h.id()))
                .toList();
        Requirements requirements = RuleEngine.requirements(rulesOfHook);
        all.put(
            h, PrefetchTemplates.templates(requirements.kinds(), requirements.observationCodes()));
      }
      templates = all; // the same every time: a race computes it twice, harmlessly
    }
    return all.get(hook);
  }

  @Override
  public CdsResponse handle(CdsService service, HookRequest request) {
    return answer(service, request, true);
  }

  @Override
  public CdsResponse answerUnrecorded(CdsService service, HookRequest request) {
    return answer(service, request, false);
  }

  private CdsResponse answer(CdsService service, HookRequest request, boolean record) {
    HookContext context = request.context();
    LocalDate today = LocalDate.now(clock);
    List<DraftOrder> drafts =
        DraftOrders.read(
            context.draftOrders(),
            Set.copyOf(context.selections()),
            request.hook() == Hook.ORDER_SIGN,
            resourceTypes);
    RuleEngine engine = catalog.engine();
    String hook = request.hook().id();
    Chart preview = Chart.of(PatientData.none(context.patientId()), drafts, today);
    List<Rule> candidates = engine.candidates(hook, preview.drafts(), false);
    if (candidates.isEmpty()) {
      return CdsResponse.of(List.of());
    }
    Requirements requirements = RuleEngine.requirements(candidates);
    FhirSource source =
        request.fhirServer() == null
            ? null
            : new FhirSource(
                request.fhirServer(),
                request.fhirAuthorization() == null
                    ? null
                    : request.fhirAuthorization().accessToken());
    PatientData data =
        loader.load(context.patientId(), request.prefetch(), source, requirements.needs(), today);
    RuleEngine.Result result = engine.evaluate(hook, Chart.of(data, drafts, today), false);
    if (result.undecidable()) {
      throw CdsException.preconditionFailed(
          "The patient data these rules need was neither prefetched nor readable from the FHIR"
              + " server: "
              + String.join(
                  ", ", data.unavailable().stream().map(k -> k.prefetchKey()).sorted().toList())
              + ".");
    }
    List<Card> cards = new ArrayList<>();
    List<CardLog.ShownCard> shown = new ArrayList<>();
    for (Decision decision : result.decisions()) {
      Card card = catalog.renderer().render(decision);
      cards.add(card);
      shown.add(
          new CardLog.ShownCard(card.uuid(), decision.rule().id(), decision.rule().version()));
    }
    if (record && !shown.isEmpty()) {
      cardLog.record(
          new CardLog.Shown(service.id(), request.hookInstance(), context.patientId(), shown));
    }
    return CdsResponse.of(cards);
  }
}
