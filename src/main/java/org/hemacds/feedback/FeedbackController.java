package org.hemacds.feedback;

import jakarta.servlet.http.HttpServletRequest;
import org.hemacds.hooks.CdsException;
import org.hemacds.hooks.CdsServiceCatalog;
import org.hemacds.hooks.RequestBodies;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 feedback: {@code POST /cds-services/{id}/feedback}. Answers 200 with no body once
 * every item is committed to the database; 400 naming the field, 404 for an unknown service, 503
 * when the database cannot be reached.
 */
@RestController
@ConditionalOnWebApplication
class FeedbackController {

  private final CdsServiceCatalog catalog;
  private final RequestBodies bodies;
  private final FeedbackReceiver receiver;

  FeedbackController(CdsServiceCatalog catalog, RequestBodies bodies, FeedbackReceiver receiver) {
    this.catalog = catalog;
    this.bodies = bodies;
    this.receiver = receiver;
  }

  @PostMapping(
      path = "/cds-services/{id}/feedback",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
  ResponseEntity<Void> feedback(@PathVariable String id, HttpServletRequest request) {
    catalog.find(id).orElseThrow(() -> CdsException.unknownService(id));
    receiver.receive(id, bodies.readJson(request));
    return ResponseEntity.ok().build();
  }
}
