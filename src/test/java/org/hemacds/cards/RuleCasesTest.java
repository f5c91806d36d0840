package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hemacds.cards.model.Action;
import org.hemacds.cards.model.Card;
import org.hemacds.cards.model.Coding;
import org.hemacds.cards.model.Suggestion;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.nodes.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs every {@code cards/*.tests.yaml}: each case builds a chart and draft orders, runs the whole
 * catalogue through the engine, and checks that the rule under test fires (with the exact card
 * fields given) or stays silent. The format is documented in docs/rule-authoring.md.
 */
class RuleCasesTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final Path CARDS = Path.of("cards");
  static final RuleSet RULES =
      RuleCompiler.compile(FHIR, RuleCatalog.read("file:" + CARDS.toAbsolutePath() + "/"));
  static final RuleEngine ENGINE = new RuleEngine(RULES);
  static final CardRenderer RENDERER = new CardRenderer(FHIR);

  private static final Set<String> CASE_KEYS =
      Set.of(
          "name",
          "services",
          "now",
          "add",
          "remove",
          "drafts",
          "unselected",
          "unavailable",
          "patient",
          "expect");
  private static final Set<String> EXPECT_KEYS =
      Set.of(
          "fires",
          "summary",
          "indicator",
          "detailContains",
          "detailLacks",
          "suggestions",
          "deletes",
          "doseMg",
          "createContains",
          "overrideReasons",
          "sourceUrl",
          "undecided");

  @TestFactory
  Stream<DynamicNode> ruleCases() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    try (Stream<Path> paths = Files.list(CARDS)) {
      for (Path path :
          paths.filter(p -> p.toString().endsWith(RuleCompiler.TESTS_SUFFIX)).sorted().toList()) {
        files.add(DynamicContainer.dynamicContainer(path.getFileName().toString(), cases(path)));
      }
    }
    return files.stream();
  }

  /**
   * Every rule ships its own tests: active rules a case that fires, every rule one that does not.
   */
  @Test
  void everyRuleHasFiringAndSilentCases() throws IOException {
    for (Rule rule : RULES.rules()) {
      String prefix = rule.file().substring("cards/".length()).replace(".yaml", "");
      Path tests = CARDS.resolve(prefix + RuleCompiler.TESTS_SUFFIX);
      assertThat(tests).as("tests for " + rule.id()).exists();
      String text = Files.readString(tests);
      if (rule.enabled()) {
        // Draft rules never return cards (e.g. R16/R21 wait for verified codes): silent cases
        // suffice.
        assertThat(text).as(rule.id() + " has a firing case").contains("fires: true");
      }
      assertThat(text).as(rule.id() + " has a silent case").contains("fires: false");
    }
  }

  private Stream<DynamicNode> cases(Path path) throws IOException {
    List<String> errors = new ArrayList<>();
    YamlSource src = new YamlSource(path.toString(), errors);
    Node root = src.parse(Files.readString(path));
    Map<String, Node> top =
        src.mapping(
            root, "tests", Set.of("rule", "now", "patient", "resources", "drafts", "cases"));
    assertThat(errors).as("test file errors").isEmpty();
    String ruleId = src.text(top.get("rule"), "rule");
    Rule rule =
        RULES.rules().stream()
            .filter(r -> r.id().equals(ruleId))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no rule " + ruleId));
    LocalDate now =
        top.containsKey("now")
            ? LocalDate.parse(src.text(top.get("now"), "now"))
            : LocalDate.of(2026, 11, 28);
    JsonNode patient = top.containsKey("patient") ? src.json(top.get("patient")) : null;
    List<JsonNode> resources =
        top.containsKey("resources") ? list(src, top.get("resources")) : List.of();
    List<JsonNode> drafts = top.containsKey("drafts") ? list(src, top.get("drafts")) : List.of();
    List<DynamicNode> tests = new ArrayList<>();
    for (Node caseNode : src.sequence(top.get("cases"), "cases")) {
      Map<String, Node> c = src.mapping(caseNode, "a case", CASE_KEYS);
      assertThat(errors).as("test file errors").isEmpty();
      String name = src.text(c.get("name"), "name");
      List<String> services =
          c.containsKey("services")
              ? src.texts(c.get("services"), "services")
              : List.copyOf(rule.hooks());
      for (String service : services) {
        int line = YamlSource.line(caseNode);
        tests.add(
            DynamicTest.dynamicTest(
                name + " [" + service + "] (" + path.getFileName() + ":" + line + ")",
                () -> run(src, rule, service, c, now, patient, resources, drafts)));
      }
    }
    return tests.stream();
  }

  private static List<JsonNode> list(YamlSource src, Node node) {
    List<JsonNode> result = new ArrayList<>();
    for (Node item : src.sequence(node, "resources")) {
      result.add(src.json(item));
    }
    return result;
  }

  private void run(
      YamlSource src,
      Rule rule,
      String service,
      Map<String, Node> c,
      LocalDate defaultNow,
      JsonNode defaultPatient,
      List<JsonNode> defaultResources,
      List<JsonNode> defaultDrafts) {
    LocalDate now =
        c.containsKey("now") ? LocalDate.parse(src.text(c.get("now"), "now")) : defaultNow;
    JsonNode patientJson = c.containsKey("patient") ? src.json(c.get("patient")) : defaultPatient;
    String patientId =
        patientJson != null && patientJson.has("id") ? patientJson.get("id").asString() : "p1";
    Map<String, JsonNode> chart = new LinkedHashMap<>();
    defaultResources.forEach(r -> chart.put(key(r), r));
    if (c.containsKey("remove")) {
      for (String ref : src.texts(c.get("remove"), "remove")) {
        assertThat(chart.remove(ref))
            .as("remove " + ref + " (not in the default chart)")
            .isNotNull();
      }
    }
    if (c.containsKey("add")) {
      list(src, c.get("add")).forEach(r -> chart.put(key(r), r));
    }
    Map<DataKind, List<JsonNode>> found = new EnumMap<>(DataKind.class);
    for (DataKind kind : DataKind.values()) {
      found.put(kind, new ArrayList<>());
    }
    if (patientJson != null) {
      ObjectNode p = ((ObjectNode) patientJson).deepCopy();
      p.put("resourceType", "Patient");
      p.put("id", patientId);
      found.get(DataKind.PATIENT).add(parse(p));
    }
    for (JsonNode r : chart.values()) {
      ObjectNode resource = ((ObjectNode) r).deepCopy();
      String type = resource.path("resourceType").asString();
      String subjectField = type.equals("ResearchSubject") ? "individual" : "subject";
      if (!resource.has(subjectField)
          && !type.equals("Medication")
          && !type.equals("BiologicallyDerivedProduct")) {
        resource.putObject(subjectField).put("reference", "Patient/" + patientId);
      }
      found.get(kindOf(type)).add(parse(resource));
    }
    Set<DataKind> unavailable = new HashSet<>();
    if (c.containsKey("unavailable")) {
      for (String key : src.texts(c.get("unavailable"), "unavailable")) {
        DataKind kind =
            Stream.of(DataKind.values())
                .filter(k -> k.prefetchKey().equals(key))
                .findFirst()
                .orElseThrow();
        unavailable.add(kind);
        found.remove(kind);
      }
    }
    PatientData data = PatientDataLoader.assemble(patientId, found, unavailable);
    List<JsonNode> draftJson = c.containsKey("drafts") ? list(src, c.get("drafts")) : defaultDrafts;
    Set<String> unselected =
        c.containsKey("unselected")
            ? Set.copyOf(src.texts(c.get("unselected"), "unselected"))
            : Set.of();
    List<DraftOrder> drafts = new ArrayList<>();
    if (!service.equals("patient-view")) {
      for (JsonNode d : draftJson) {
        ObjectNode resource = ((ObjectNode) d).deepCopy();
        if (!resource.has("subject")) {
          resource.putObject("subject").put("reference", "Patient/" + patientId);
        }
        String ref = key(resource);
        boolean selected = service.equals("order-sign") || !unselected.contains(ref);
        drafts.add(new DraftOrder(ref, parse(resource), selected));
      }
    }
    Chart facts = Chart.of(data, drafts, now);
    sameAsHapiReading(facts, patientId, found, drafts, now);
    RuleEngine.Result result = ENGINE.evaluate(service, facts, true);
    Decision decision =
        result.decisions().stream()
            .filter(d -> d.rule().id().equals(rule.id()))
            .findFirst()
            .orElse(null);
    Map<String, Node> expect = src.mapping(c.get("expect"), "expect", EXPECT_KEYS);
    boolean fires = Boolean.TRUE.equals(src.bool(expect.get("fires"), "fires"));
    if (!fires) {
      assertThat(decision).as(rule.id() + " must not fire").isNull();
      if (expect.containsKey("undecided")) {
        assertThat(result.undecidable())
            .as("undecided")
            .isEqualTo(src.bool(expect.get("undecided"), "undecided"));
      }
      return;
    }
    assertThat(decision).as(rule.id() + " must fire").isNotNull();
    Card card = RENDERER.render(decision);
    assertThat(card.summary().length()).as("summary length").isLessThan(CardRenderer.SUMMARY_LIMIT);
    assertThat(card.detail()).contains("Rule " + rule.id() + " v" + rule.version());
    assertThat(card.indicator()).isEqualTo(rule.indicator());
    if (expect.containsKey("summary")) {
      assertThat(card.summary()).isEqualTo(src.text(expect.get("summary"), "summary"));
    }
    if (expect.containsKey("indicator")) {
      assertThat(card.indicator()).isEqualTo(src.text(expect.get("indicator"), "indicator"));
    }
    if (expect.containsKey("sourceUrl")) {
      assertThat(card.source().url()).isEqualTo(src.text(expect.get("sourceUrl"), "sourceUrl"));
    }
    if (expect.containsKey("detailContains")) {
      for (String text : src.texts(expect.get("detailContains"), "detailContains")) {
        assertThat(card.detail()).contains(text);
      }
    }
    if (expect.containsKey("detailLacks")) {
      for (String text : src.texts(expect.get("detailLacks"), "detailLacks")) {
        assertThat(card.detail()).doesNotContain(text);
      }
    }
    if (expect.containsKey("suggestions")) {
      assertThat(card.suggestions().stream().map(Suggestion::label).toList())
          .isEqualTo(src.texts(expect.get("suggestions"), "suggestions"));
    }
    if (!card.suggestions().isEmpty()) {
      assertThat(card.selectionBehavior()).isEqualTo("at-most-one");
    }
    List<Action> actions = card.suggestions().stream().flatMap(s -> s.actions().stream()).toList();
    if (expect.containsKey("deletes")) {
      assertThat(
              actions.stream()
                  .filter(a -> a.type().equals("delete"))
                  .map(Action::resourceId)
                  .toList())
          .isEqualTo(src.texts(expect.get("deletes"), "deletes"));
    }
    List<String> created =
        actions.stream().filter(a -> a.type().equals("create")).map(Action::resource).toList();
    if (expect.containsKey("doseMg")) {
      String dose = src.text(expect.get("doseMg"), "doseMg");
      assertThat(created).isNotEmpty();
      if (dose.equals("none")) {
        assertThat(created.get(0)).doesNotContain("doseQuantity");
      } else {
        assertThat(created.get(0)).contains("\"doseQuantity\":{\"value\":" + dose + ",");
      }
    }
    if (expect.containsKey("createContains")) {
      for (String text : src.texts(expect.get("createContains"), "createContains")) {
        assertThat(created).anySatisfy(r -> assertThat(r).contains(text));
      }
    }
    for (String resource : created) {
      assertThat(resource)
          .contains("\"status\":\"draft\"")
          .contains("\"intent\":\"proposal\"")
          .contains("\"reference\":\"Patient/" + patientId + "\"");
    }
    if (expect.containsKey("overrideReasons")) {
      assertThat(card.overrideReasons().stream().map(Coding::code).toList())
          .isEqualTo(src.texts(expect.get("overrideReasons"), "overrideReasons"));
    }
  }

  /**
   * The chart read from the case's JSON has the facts session 2 read through HAPI objects (see
   * {@link ChartDifferentialTest}): every rule case is also a case of the JSON reading.
   */
  private static void sameAsHapiReading(
      Chart chart,
      String patientId,
      Map<DataKind, List<JsonNode>> found,
      List<DraftOrder> drafts,
      LocalDate now) {
    List<org.hl7.fhir.r4.model.Resource> resources = new ArrayList<>();
    found.values().forEach(list -> list.forEach(r -> resources.add(hapi(r))));
    List<HapiChartOracle.OldDraft> oldDrafts = new ArrayList<>();
    for (DraftOrder d : drafts) {
      oldDrafts.add(new HapiChartOracle.OldDraft(d.reference(), hapi(d.resource()), d.selected()));
    }
    HapiChartOracle oracle =
        new HapiChartOracle(HapiChartOracle.assemble(patientId, resources, true), oldDrafts, now);
    oracle.assertSameFacts(chart);
  }

  private static org.hl7.fhir.r4.model.Resource hapi(JsonNode json) {
    return (org.hl7.fhir.r4.model.Resource) FHIR.newJsonParser().parseResource(json.toString());
  }

  /** The resource as the service reads it (JSON), once HAPI has accepted it as FHIR R4. */
  private static JsonNode parse(JsonNode json) {
    try {
      FHIR.newJsonParser().parseResource(json.toString());
    } catch (RuntimeException e) {
      throw new AssertionError("not a FHIR resource: " + json, e);
    }
    return json;
  }

  private static String key(JsonNode resource) {
    return resource.path("resourceType").asString() + "/" + resource.path("id").asString();
  }

  private static DataKind kindOf(String type) {
    return switch (type) {
      case "Condition" -> DataKind.CONDITIONS;
      case "Observation" -> DataKind.OBSERVATIONS;
      case "MedicationRequest", "Medication" -> DataKind.MEDICATION_REQUESTS;
      case "MedicationStatement" -> DataKind.MEDICATION_STATEMENTS;
      case "MedicationAdministration" -> DataKind.MEDICATION_ADMINISTRATIONS;
      case "Procedure", "BiologicallyDerivedProduct" -> DataKind.PROCEDURES;
      case "ServiceRequest" -> DataKind.SERVICE_REQUESTS;
      case "ResearchSubject" -> DataKind.RESEARCH_SUBJECTS;
      default -> throw new AssertionError("unsupported resource type in a test: " + type);
    };
  }
}
