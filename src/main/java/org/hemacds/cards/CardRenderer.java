package org.hemacds.cards;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.cards.Chart.ObservationFact;
import org.hemacds.cards.Rule.Note;
import org.hemacds.cards.Rule.Show;
import org.hemacds.cards.Rule.SuggestionSpec;
import org.hemacds.cards.model.Action;
import org.hemacds.cards.model.Card;
import org.hemacds.cards.model.Suggestion;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a decision into a CDS Hooks card: summary under 140 characters, a markdown detail that
 * shows the data that fired it (values, units, dates, resources) and the rule id and version, the
 * source, suggestions and override reasons. Pure; no I/O.
 */
public final class CardRenderer {

  /** CDS Hooks: the summary must be fewer than 140 characters. */
  public static final int SUMMARY_LIMIT = 140;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final FhirContext fhir;

  public CardRenderer(FhirContext fhir) {
    this.fhir = fhir;
  }

  public Card render(Decision decision) {
    Rule rule = decision.rule();
    Evaluation evaluation = decision.evaluation();
    List<String> why = new ArrayList<>();
    for (DraftFact trigger : evaluation.triggers()) {
      why.add("Order being placed: `" + trigger.reference() + "` " + trigger.display());
    }
    Set<String> lines = new LinkedHashSet<>();
    decision.evidence().forEach(f -> lines.add(f.line()));
    why.addAll(lines);
    for (Note note : rule.notes()) {
      Truth truth = note.when().evaluate(evaluation).truth();
      // A note whose data could not be read never says "otherwise": that would state an absence
      // the service does not know (e.g. "no chelator" when medications could not be fetched).
      String text =
          switch (truth) {
            case TRUE -> note.text();
            case FALSE -> note.otherwise();
            case UNKNOWN -> note.unknown();
          };
      if (text != null) {
        why.add(Templates.fill(text, evaluation));
      }
    }
    for (Show show : rule.show()) {
      why.add(show(show, evaluation));
    }
    List<Suggestion> suggestions = new ArrayList<>();
    for (SuggestionSpec spec : rule.suggestions()) {
      if (spec.when() != null && spec.when().evaluate(evaluation).truth() != Truth.TRUE) {
        if (spec.otherwise() != null) {
          why.add(Templates.fill(spec.otherwise(), evaluation));
        }
        continue;
      }
      suggestion(spec, evaluation).ifPresent(suggestions::add);
    }
    String summary = Templates.summary(rule.summary(), evaluation, SUMMARY_LIMIT);
    StringBuilder detail = new StringBuilder("**Why this card**\n\n");
    why.forEach(line -> detail.append("- ").append(line).append('\n'));
    if (rule.evidence() != null) {
      detail
          .append("\n**What the evidence says**\n\n")
          .append(Templates.fill(rule.evidence(), evaluation).strip())
          .append('\n');
    }
    if (rule.limits() != null) {
      detail
          .append("\n**Limits of the evidence**\n\n")
          .append(Templates.fill(rule.limits(), evaluation).strip())
          .append('\n');
    }
    detail
        .append("\nRule ")
        .append(rule.id())
        .append(" v")
        .append(rule.version())
        .append(" · suggestion for the treating clinician, not an order.");
    return new Card(
        UUID.randomUUID().toString(),
        summary,
        detail.toString(),
        rule.indicator(),
        rule.source(),
        suggestions,
        suggestions.isEmpty() ? null : "at-most-one",
        rule.overrideReasons(),
        List.of());
  }

  private static String show(Show show, Evaluation evaluation) {
    if (!evaluation.chart().available(org.hemacds.fhir.DataKind.OBSERVATIONS)) {
      // Unread data is not "none": say that it could not be read (codes.md §6 rule 10).
      return show.label() + ": could not be read (observations unavailable)";
    }
    Optional<ObservationFact> latest =
        LatestObservation.latest(evaluation.chart(), show.valueSet(), show.lookbackDays());
    if (latest.isEmpty()) {
      return show.label() + ": none in the last " + show.lookbackDays() + " days";
    }
    Fact fact = LatestObservation.fact(show.valueSet(), latest.get(), evaluation, null);
    return show.label() + ": " + fact.line();
  }

  private Optional<Suggestion> suggestion(SuggestionSpec spec, Evaluation evaluation) {
    List<Action> actions = new ArrayList<>();
    if (spec.deleteTrigger()) {
      for (DraftFact trigger : evaluation.triggers()) {
        actions.add(
            new Action(
                "delete",
                Templates.fill(spec.deleteDescription(), evaluation),
                null,
                trigger.reference()));
      }
    }
    String template = spec.create();
    Fact dose = evaluation.binding("dose");
    if (spec.createWithoutDose() != null && (dose == null || !"true".equals(dose.field("known")))) {
      template = spec.createWithoutDose();
    }
    if (template != null) {
      actions.add(
          new Action(
              "create",
              Templates.fill(spec.createDescription(), evaluation),
              resource(template, evaluation),
              null));
    }
    if (actions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Suggestion(
            Templates.fill(spec.label(), evaluation),
            UUID.randomUUID().toString(),
            spec.recommended() ? Boolean.TRUE : null,
            actions));
  }

  /** Fills the template, marks it a draft proposal for this patient, and encodes it with HAPI. */
  String resource(String template, Evaluation evaluation) {
    JsonNode tree = fill(JSON.readTree(template), evaluation);
    ObjectNode object = (ObjectNode) tree;
    object.put("status", "draft");
    object.put("intent", "proposal");
    IParser parser = fhir.newJsonParser();
    Resource resource = (Resource) parser.parseResource(JSON.writeValueAsString(object));
    if (resource instanceof org.hl7.fhir.r4.model.MedicationRequest request) {
      request.setSubject(new Reference("Patient/" + evaluation.chart().patientId()));
    } else if (resource instanceof org.hl7.fhir.r4.model.ServiceRequest request) {
      request.setSubject(new Reference("Patient/" + evaluation.chart().patientId()));
    }
    return parser.encodeResourceToString(resource);
  }

  private static JsonNode fill(JsonNode node, Evaluation evaluation) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        copy.set(e.getKey(), fill(e.getValue(), evaluation));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(item -> copy.add(fill(item, evaluation)));
      return copy;
    }
    if (node.isString()) {
      String text = node.stringValue();
      String filled = Templates.fill(text, evaluation);
      if (text.matches("\\{[^}]*:number}")) {
        try {
          return JSON.getNodeFactory().numberNode(new java.math.BigDecimal(filled));
        } catch (NumberFormatException e) {
          return JSON.getNodeFactory().stringNode(filled);
        }
      }
      return JSON.getNodeFactory().stringNode(filled);
    }
    return node;
  }
}
