package org.hemacds.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structure-aware mutation of JSON requests: replaces, deletes, duplicates, renames and grafts
 * nodes of a valid CDS Hooks request, with values chosen from what FHIR parsing, unit conversion,
 * date handling and the rules are sensitive to (huge and tiny decimals, impossible dates,
 * comparators, units, statuses, references). Mutations land mostly inside resources (prefetch and
 * draft orders), so the envelope often stays valid and the engine runs on the mutated chart.
 */
public final class JsonMutator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JSON.getNodeFactory();

  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "2026-11-28",
          "2026-11-28T23:59:59+14:00",
          "2026-11-28T00:00:00-12:00",
          "2026-02-30",
          "2026-13-01",
          "0000-01-01",
          "9999-12-31T23:59:59Z",
          "-999999999-01-01",
          "2026",
          "2026-11",
          "<",
          "<=",
          ">",
          ">=",
          "ad",
          "final",
          "preliminary",
          "amended",
          "draft",
          "active",
          "completed",
          "on-hold",
          "order",
          "plan",
          "entered-in-error",
          "refuted",
          "relapse",
          "remission",
          "unknown",
          "female",
          "male",
          "g/dL",
          "g/L",
          "mmol/L",
          "mg/dL",
          "%",
          "1",
          "10*9/L",
          "10*3/uL",
          "K/uL",
          "/uL",
          "[IU]/L",
          "m[IU]/mL",
          "mU/mL",
          "ng/mL",
          "pmol/L",
          "ms",
          "s",
          "cm",
          "[in_i]",
          "kg",
          "[lb_av]",
          "m2",
          "{1.73_m2}",
          "1/0",
          "10*-400/L",
          "http://loinc.org",
          "http://unitsofmeasure.org",
          "http://www.nlm.nih.gov/research/umls/rxnorm",
          "http://snomed.info/sct",
          "http://hl7.org/fhir/sid/icd-10-cm",
          "718-7",
          "59260-0",
          "2276-4",
          "777-3",
          "8636-3",
          "3140-1",
          "8302-2",
          "29463-7",
          "15061-5",
          "2502-3",
          "Patient/p1",
          "Patient/",
          "#",
          "#med",
          "Medication/m1",
          "urn:uuid:x",
          "Bundle",
          "Observation",
          "MedicationRequest",
          "OperationOutcome",
          "next",
          "http://localhost/fhir/Observation?page=2");

  static final List<String> KEYS =
      List.of(
          "resourceType",
          "id",
          "status",
          "intent",
          "subject",
          "individual",
          "reference",
          "code",
          "coding",
          "system",
          "display",
          "text",
          "valueQuantity",
          "value",
          "unit",
          "comparator",
          "valueCodeableConcept",
          "valueString",
          "effectiveDateTime",
          "effectivePeriod",
          "effectiveInstant",
          "start",
          "end",
          "issued",
          "dataAbsentReason",
          "referenceRange",
          "low",
          "high",
          "clinicalStatus",
          "verificationStatus",
          "onsetDateTime",
          "onsetPeriod",
          "onsetAge",
          "recordedDate",
          "birthDate",
          "gender",
          "medicationCodeableConcept",
          "medicationReference",
          "contained",
          "authoredOn",
          "dispenseRequest",
          "validityPeriod",
          "effective",
          "performedDateTime",
          "performedPeriod",
          "usedReference",
          "quantity",
          "period",
          "study",
          "extension",
          "url",
          "valueCoding",
          "entry",
          "resource",
          "link",
          "relation",
          "category",
          "reasonCode",
          "dosageInstruction",
          "doseAndRate",
          "doseQuantity");

  private final Choices choices;

  public JsonMutator(Choices choices) {
    this.choices = choices;
  }

  /** A mutated deep copy of {@code request}: 1 to 6 mutations. */
  public JsonNode mutate(JsonNode request) {
    JsonNode root = request.deepCopy();
    int count = 1 + choices.pick(6);
    for (int i = 0; i < count; i++) {
      root = mutateOnce(root);
    }
    return root;
  }

  /** The request as UTF-8 bytes (lone surrogates become '?', as a client's encoder would). */
  public static byte[] bytes(JsonNode node) {
    return JSON.writeValueAsString(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private record Slot(JsonNode parent, String key, int index, JsonNode node) {}

  private JsonNode mutateOnce(JsonNode root) {
    List<Slot> all = new ArrayList<>();
    collect(null, null, -1, root, all);
    List<Slot> inResources = new ArrayList<>();
    for (Slot s : all) {
      if (s.parent() != null && inResource(root, s)) {
        inResources.add(s);
      }
    }
    List<Slot> from = !inResources.isEmpty() && choices.pick(5) != 0 ? inResources : all;
    Slot slot = from.get(choices.pick(from.size()));
    if (slot.parent() == null) {
      return choices.flip() ? root : value(all);
    }
    switch (choices.pick(7)) {
      case 0, 1 -> replace(slot, scalar());
      case 2 ->
          replace(
              slot,
              choices.flip() ? container() : all.get(choices.pick(all.size())).node().deepCopy());
      case 3 -> delete(slot);
      case 4 -> duplicate(slot);
      case 5 -> rename(slot);
      default -> insert(slot, all);
    }
    return root;
  }

  private static boolean inResource(JsonNode root, Slot slot) {
    // Cheap test: identity search below prefetch and context.draftOrders.
    JsonNode prefetch = root.path("prefetch");
    JsonNode drafts = root.path("context").path("draftOrders");
    return contains(prefetch, slot.node()) || contains(drafts, slot.node());
  }

  private static boolean contains(JsonNode tree, JsonNode target) {
    if (tree == target) {
      return true;
    }
    if (tree.isContainer()) {
      for (JsonNode child : tree) {
        if (contains(child, target)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void collect(
      JsonNode parent, String key, int index, JsonNode node, List<Slot> out) {
    out.add(new Slot(parent, key, index, node));
    if (out.size() > 5_000) {
      return;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(node, e.getKey(), -1, e.getValue(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node, null, i, node.get(i), out);
      }
    }
  }

  private void replace(Slot slot, JsonNode value) {
    if (slot.parent() instanceof ObjectNode object) {
      object.set(slot.key(), value);
    } else if (slot.parent() instanceof ArrayNode array) {
      array.set(slot.index(), value);
    }
  }

  private void delete(Slot slot) {
    if (slot.parent() instanceof ObjectNode object) {
      object.remove(slot.key());
    } else if (slot.parent() instanceof ArrayNode array) {
      array.remove(slot.index());
    }
  }

  private void duplicate(Slot slot) {
    if (slot.parent() instanceof ArrayNode array) {
      int copies = 1 + choices.pick(choices.flip() ? 3 : 64);
      for (int i = 0; i < copies; i++) {
        array.add(slot.node().deepCopy());
      }
    } else if (slot.parent() instanceof ObjectNode object) {
      object.set(choices.oneOf(KEYS), slot.node().deepCopy());
    }
  }

  private void rename(Slot slot) {
    if (slot.parent() instanceof ObjectNode object) {
      object.remove(slot.key());
      object.set(choices.oneOf(KEYS), slot.node());
    } else {
      replace(slot, scalar());
    }
  }

  private void insert(Slot slot, List<Slot> all) {
    JsonNode target = slot.node().isContainer() ? slot.node() : slot.parent();
    JsonNode value =
        choices.flip() ? scalar() : all.get(choices.pick(all.size())).node().deepCopy();
    if (target instanceof ObjectNode object) {
      object.set(choices.flip() ? choices.oneOf(KEYS) : choices.anyString(12), value);
    } else if (target instanceof ArrayNode array) {
      array.insert(choices.pick(array.size() + 1), value);
    }
  }

  private JsonNode value(List<Slot> all) {
    return choices.flip() ? scalar() : all.get(choices.pick(all.size())).node().deepCopy();
  }

  private JsonNode container() {
    return switch (choices.pick(4)) {
      case 0 -> NODES.objectNode();
      case 1 -> NODES.arrayNode();
      case 2 -> {
        ObjectNode object = NODES.objectNode();
        object.set(choices.oneOf(KEYS), scalar());
        yield object;
      }
      default -> NODES.arrayNode().add(scalar());
    };
  }

  /** A scalar FHIR parsing and the rules are sensitive to. */
  JsonNode scalar() {
    return switch (choices.pick(16)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(choices.flip());
      case 2 -> NODES.numberNode(choices.anyLong());
      case 3 -> NODES.numberNode(choices.anyDouble());
      case 4 -> NODES.numberNode(new BigDecimal("1E+" + (300 + choices.pick(9000))));
      case 5 -> NODES.numberNode(new BigDecimal("-1E+" + (300 + choices.pick(9000))));
      case 6 -> NODES.numberNode(new BigDecimal("1E-" + (300 + choices.pick(9000))));
      case 7 -> NODES.numberNode(new BigInteger("9".repeat(1 + choices.pick(400))));
      case 8 -> NODES.numberNode(BigDecimal.valueOf(choices.pick(100_000), choices.pick(12)));
      case 9 -> NODES.numberNode(0);
      case 10 -> NODES.stringNode(choices.anyString(40));
      default -> NODES.stringNode(choices.oneOf(STRINGS));
    };
  }
}
