package org.hemacds.hooks;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** CDS Hooks 2.0 discovery and service invocation. */
@RestController
class CdsServicesController {

  private final CdsServiceCatalog catalog;
  private final RequestBodies bodies;
  private final HookRequestParser parser;
  private final HookHandler handler;

  CdsServicesController(
      CdsServiceCatalog catalog,
      RequestBodies bodies,
      HookRequestParser parser,
      HookHandler handler) {
    this.catalog = catalog;
    this.bodies = bodies;
    this.parser = parser;
    this.handler = handler;
  }

  @GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
  DiscoveryResponse discovery() {
    return catalog.discovery();
  }

  @PostMapping(
      path = "/cds-services/{id}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  CdsResponse invoke(@PathVariable String id, HttpServletRequest request) {
    CdsService service = catalog.find(id).orElseThrow(() -> CdsException.unknownService(id));
    JsonNode body = bodies.readJson(request);
    HookRequest hookRequest = parser.parse(body, service.hook());
    return handler.handle(service, hookRequest);
  }
}
