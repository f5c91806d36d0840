package org.hemacds.cards;

import java.util.List;
import java.util.Map;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.PrefetchTemplates;
import org.hemacds.hooks.CdsResponse;
import org.hemacds.hooks.CdsService;
import org.hemacds.hooks.Hook;
import org.hemacds.hooks.HookHandler;
import org.hemacds.hooks.HookRequest;
import org.hemacds.hooks.ServicePrefetch;
import org.springframework.stereotype.Component;

/** Placeholder until the rule engine lands: every service honestly answers no cards. */
@Component
class NoCardsYet implements HookHandler, ServicePrefetch {

  @Override
  public CdsResponse handle(CdsService service, HookRequest request) {
    return CdsResponse.of(List.of());
  }

  @Override
  public Map<String, String> templates(Hook hook) {
    return PrefetchTemplates.templates(List.of(DataKind.values()), List.of());
  }
}
