package org.hemacds.cards;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hemacds.cards.Rule.DoseSpec;
import org.hemacds.cards.Rule.Note;
import org.hemacds.cards.Rule.Show;
import org.hemacds.cards.Rule.SuggestionSpec;
import org.hemacds.cards.Rule.Trigger;
import org.hemacds.cards.model.Coding;
import org.hemacds.cards.model.Source;
import org.hemacds.terminology.CompiledValueSet;
import org.hemacds.terminology.QuantityConverter;
import org.hemacds.terminology.UnitAlias;
import org.hemacds.terminology.ValueSetRegistry;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Compiles {@code cards/} (rules, predicates, value sets, unit aliases, override reasons) into a
 * {@link RuleSet}. Every problem in every file is collected, each with its file and line, and
 * reported together; a catalogue with any error does not compile.
 */
public final class RuleCompiler {

  public static final String VALUESETS_DIR = "valuesets/";
  public static final String UNITS_FILE = "units.yaml";
  public static final String OVERRIDE_REASONS_FILE = "override-reasons.yaml";
  public static final String PREDICATES_FILE = "predicates.yaml";
  public static final String TESTS_SUFFIX = ".tests.yaml";

  static final Set<String> HOOKS = Set.of("order-select", "order-sign", "patient-view");
  static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
  static final Set<String> ORDER_TYPES = Set.of("MedicationRequest", "ServiceRequest");

  private static final Set<String> RULE_KEYS =
      Set.of(
          "id",
          "version",
          "title",
          "status",
          "indicator",
          "services",
          "trigger",
          "when",
          "suppressedBy",
          "summary",
          "evidence",
          "limits",
          "notes",
          "show",
          "dose",
          "source",
          "suggestions",
          "overrideReasons");
  private static final Set<String> CRITERION_KINDS =
      Set.of(
          "all",
          "any",
          "not",
          "use",
          "condition",
          "observation",
          "onMedication",
          "exposure",
          "draftOrder",
          "triggerIn",
          "procedure",
          "serviceRequest",
          "enrolledInStudy",
          "age",
          "gender",
          "transfusionDependent",
          "highTransfusionBurden",
          "transfusionRate");

  private final FhirContext fhir;
  private final List<String> errors = new ArrayList<>();
  private ValueSetRegistry valueSets;
  private QuantityConverter units;
  private final Map<String, Coding> overrideReasons = new HashMap<>();
  private final Map<String, Node> predicateNodes = new HashMap<>();
  private YamlSource predicateSource;
  private final Set<String> predicatesInProgress = new HashSet<>();

  private RuleCompiler(FhirContext fhir) {
    this.fhir = fhir;
  }

  /**
   * @param files the catalogue: path relative to {@code cards/} (e.g. {@code R01-x.yaml}, {@code
   *     valuesets/vs-apl.json}) → text
   * @throws RuleCompilationException listing every error
   */
  public static RuleSet compile(FhirContext fhir, Map<String, String> files) {
    return new RuleCompiler(fhir).run(new TreeMap<>(files));
  }

  private RuleSet run(Map<String, String> files) {
    Map<String, String> valueSetFiles = new TreeMap<>();
    files.forEach(
        (path, text) -> {
          if (path.startsWith(VALUESETS_DIR) && path.endsWith(".json")) {
            valueSetFiles.put("cards/" + path, text);
          }
        });
    valueSets = ValueSetRegistry.compile(fhir, valueSetFiles, errors);
    units = new QuantityConverter(units(files.get(UNITS_FILE)));
    overrideReasons(files.get(OVERRIDE_REASONS_FILE));
    predicates(files.get(PREDICATES_FILE));
    List<Rule> rules = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String path = file.getKey();
      if (path.contains("/")
          || !path.endsWith(".yaml")
          || path.endsWith(TESTS_SUFFIX)
          || path.equals(UNITS_FILE)
          || path.equals(OVERRIDE_REASONS_FILE)
          || path.equals(PREDICATES_FILE)) {
        continue;
      }
      Rule rule = rule("cards/" + path, file.getValue());
      if (rule != null) {
        rules.add(rule);
      }
    }
    crossCheck(rules);
    if (!errors.isEmpty()) {
      throw new RuleCompilationException(errors);
    }
    rules.sort(java.util.Comparator.comparing(Rule::id));
    return new RuleSet(List.copyOf(rules), valueSets, units);
  }

  // ---------------------------------------------------------------- shared files

  private Map<String, List<UnitAlias>> units(String text) {
    Map<String, List<UnitAlias>> result = new HashMap<>();
    if (text == null) {
      errors.add("cards/" + UNITS_FILE + ":1: file missing");
      return result;
    }
    YamlSource src = new YamlSource("cards/" + UNITS_FILE, errors);
    Node root = src.parse(text);
    Map<String, Node> sets = root == null ? null : src.mapping(root, "units", null);
    if (sets == null) {
      return result;
    }
    QuantityConverter plainUcum = new QuantityConverter(Map.of());
    sets.forEach(
        (setId, node) -> {
          CompiledValueSet vs = valueSets.find(setId).orElse(null);
          if (vs == null) {
            src.error(node, "unknown value set '" + setId + "'");
            return;
          }
          if (vs.canonicalUnit() == null) {
            src.error(node, "value set '" + setId + "' has no canonical unit");
            return;
          }
          List<UnitAlias> aliases = new ArrayList<>();
          for (Node item : src.sequence(node, "aliases of " + setId)) {
            Map<String, Node> m =
                src.mapping(
                    item,
                    "unit alias",
                    Set.of("unit", "asUcum", "factor", "onlyForCodes", "ambiguousAtMost"));
            if (m == null) {
              continue;
            }
            String unit = m.containsKey("unit") ? src.text(m.get("unit"), "unit") : null;
            String asUcum = m.containsKey("asUcum") ? src.text(m.get("asUcum"), "asUcum") : null;
            Double factor = m.containsKey("factor") ? src.number(m.get("factor"), "factor") : null;
            if (unit == null) {
              src.error(item, "a unit alias needs 'unit'");
              continue;
            }
            if ((asUcum == null) == (factor == null) && !m.containsKey("ambiguousAtMost")) {
              src.error(item, "a unit alias needs exactly one of 'asUcum' or 'factor'");
              continue;
            }
            if (asUcum == null && factor == null) {
              asUcum = unit;
            }
            if (asUcum != null && !plainUcum.convertible(asUcum, vs.canonicalUnit())) {
              src.error(
                  m.get("asUcum") != null ? m.get("asUcum") : item,
                  "bad unit: '" + asUcum + "' is not UCUM convertible to " + vs.canonicalUnit());
            }
            Set<String> codes =
                m.containsKey("onlyForCodes")
                    ? Set.copyOf(src.texts(m.get("onlyForCodes"), "onlyForCodes"))
                    : Set.of();
            Double ambiguous =
                m.containsKey("ambiguousAtMost")
                    ? src.number(m.get("ambiguousAtMost"), "ambiguousAtMost")
                    : null;
            aliases.add(new UnitAlias(unit, asUcum, factor, codes, ambiguous));
          }
          result.put(setId, List.copyOf(aliases));
        });
    return result;
  }

  private void overrideReasons(String text) {
    if (text == null) {
      errors.add("cards/" + OVERRIDE_REASONS_FILE + ":1: file missing");
      return;
    }
    YamlSource src = new YamlSource("cards/" + OVERRIDE_REASONS_FILE, errors);
    Node root = src.parse(text);
    Map<String, Node> top =
        root == null ? null : src.mapping(root, "override reasons", Set.of("system", "reasons"));
    if (top == null || !top.containsKey("system") || !top.containsKey("reasons")) {
      src.error(root, "needs 'system' and 'reasons'");
      return;
    }
    String system = src.text(top.get("system"), "system");
    Map<String, Node> reasons = src.mapping(top.get("reasons"), "reasons", null);
    if (reasons == null) {
      return;
    }
    reasons.forEach(
        (code, node) -> {
          String display = src.text(node, "display of " + code);
          if (display != null) {
            overrideReasons.put(code, new Coding(system, code, display));
          }
        });
  }

  private void predicates(String text) {
    if (text == null) {
      return;
    }
    predicateSource = new YamlSource("cards/" + PREDICATES_FILE, errors);
    Node root = predicateSource.parse(text);
    Map<String, Node> all = root == null ? null : predicateSource.mapping(root, "predicates", null);
    if (all != null) {
      predicateNodes.putAll(all);
    }
  }

  // ---------------------------------------------------------------- rules

  /** Per-file compile state: binding names declared and used. */
  private static final class Scope {
    final YamlSource src;
    final Set<String> declared = new HashSet<>();
    final Map<String, Node> used = new HashMap<>();

    Scope(YamlSource src) {
      this.src = src;
    }
  }

  private Rule rule(String file, String text) {
    YamlSource src = new YamlSource(file, errors);
    Node root = src.parse(text);
    if (root == null) {
      return null;
    }
    Map<String, Node> m = src.mapping(root, "a rule", RULE_KEYS);
    if (m == null) {
      return null;
    }
    int before = errors.size();
    Scope scope = new Scope(src);
    for (String required :
        List.of(
            "id",
            "version",
            "title",
            "status",
            "indicator",
            "services",
            "when",
            "summary",
            "source")) {
      if (!m.containsKey(required)) {
        src.error(root, "missing '" + required + "'");
      }
    }
    String id = m.containsKey("id") ? src.text(m.get("id"), "id") : null;
    String fileName = file.substring(file.lastIndexOf('/') + 1);
    if (id != null && !fileName.startsWith(id + "-") && !fileName.equals(id + ".yaml")) {
      src.error(m.get("id"), "file name must start with the rule id '" + id + "-'");
    }
    Integer version = m.containsKey("version") ? src.integer(m.get("version"), "version") : null;
    String title = m.containsKey("title") ? src.text(m.get("title"), "title") : null;
    String status = m.containsKey("status") ? src.text(m.get("status"), "status") : null;
    if (status != null && !status.equals("active") && !status.equals("draft")) {
      src.error(m.get("status"), "status must be active or draft");
    }
    String indicator =
        m.containsKey("indicator") ? src.text(m.get("indicator"), "indicator") : null;
    if (indicator != null && !INDICATORS.contains(indicator)) {
      src.error(m.get("indicator"), "indicator must be info, warning or critical");
    }
    Set<String> hooks = new LinkedHashSet<>();
    if (m.containsKey("services")) {
      for (String hook : src.texts(m.get("services"), "services")) {
        if (!HOOKS.contains(hook)) {
          src.error(
              m.get("services"),
              "unknown service hook '" + hook + "' (order-select, order-sign, patient-view)");
        }
        hooks.add(hook);
      }
    }
    Trigger trigger = m.containsKey("trigger") ? trigger(scope, m.get("trigger")) : null;
    boolean orderHook = hooks.contains("order-select") || hooks.contains("order-sign");
    if (orderHook && trigger == null) {
      src.error(root, "rules on order-select/order-sign need a 'trigger'");
    }
    Criterion when = m.containsKey("when") ? criterion(scope, m.get("when")) : null;
    List<String> suppressedBy =
        m.containsKey("suppressedBy")
            ? src.texts(m.get("suppressedBy"), "suppressedBy")
            : List.of();
    String summary = m.containsKey("summary") ? src.text(m.get("summary"), "summary") : null;
    if (summary != null) {
      checkTemplate(scope, m.get("summary"), summary);
      String skeleton = Templates.PLACEHOLDER.matcher(summary).replaceAll("");
      if (skeleton.length() >= CardRenderer.SUMMARY_LIMIT) {
        src.error(
            m.get("summary"),
            "summary is "
                + skeleton.length()
                + " characters without its placeholders; it must stay under "
                + CardRenderer.SUMMARY_LIMIT);
      }
    }
    String evidence = optionalTemplate(scope, m, "evidence");
    String limits = optionalTemplate(scope, m, "limits");
    List<Note> notes = new ArrayList<>();
    if (m.containsKey("notes")) {
      for (Node item : src.sequence(m.get("notes"), "notes")) {
        Map<String, Node> n =
            src.mapping(item, "a note", Set.of("when", "text", "otherwise", "unknown"));
        if (n == null || !n.containsKey("when")) {
          src.error(item, "a note needs 'when'");
          continue;
        }
        Criterion c = criterion(scope, n.get("when"));
        String textValue = optionalTemplate(scope, n, "text");
        String otherwise = optionalTemplate(scope, n, "otherwise");
        String unknown = optionalTemplate(scope, n, "unknown");
        notes.add(new Note(c, textValue, otherwise, unknown));
      }
    }
    List<Show> show = new ArrayList<>();
    if (m.containsKey("show")) {
      for (Node item : src.sequence(m.get("show"), "show")) {
        Map<String, Node> s =
            src.mapping(item, "a show item", Set.of("label", "valueSet", "lookbackDays"));
        if (s == null
            || !s.containsKey("label")
            || !s.containsKey("valueSet")
            || !s.containsKey("lookbackDays")) {
          src.error(item, "a show item needs label, valueSet and lookbackDays");
          continue;
        }
        CompiledValueSet vs = observationSet(scope, s.get("valueSet"));
        Integer days = src.integer(s.get("lookbackDays"), "lookbackDays");
        String label = src.text(s.get("label"), "label");
        if (vs != null && days != null && label != null) {
          show.add(new Show(label, vs, days));
        }
      }
    }
    DoseSpec dose = m.containsKey("dose") ? dose(scope, m.get("dose")) : null;
    if (dose != null) {
      scope.declared.add("dose");
    }
    Source source = m.containsKey("source") ? source(scope, m.get("source")) : null;
    List<SuggestionSpec> suggestions = new ArrayList<>();
    if (m.containsKey("suggestions")) {
      for (Node item : src.sequence(m.get("suggestions"), "suggestions")) {
        SuggestionSpec s = suggestion(scope, item, trigger != null);
        if (s != null) {
          suggestions.add(s);
        }
      }
    }
    long recommended = suggestions.stream().filter(SuggestionSpec::recommended).count();
    if (recommended > 1) {
      src.error(
          m.get("suggestions"),
          "at most one suggestion may be recommended (selectionBehavior at-most-one)");
    }
    List<Coding> reasons = new ArrayList<>();
    if (m.containsKey("overrideReasons")) {
      for (String code : src.texts(m.get("overrideReasons"), "overrideReasons")) {
        Coding coding = overrideReasons.get(code);
        if (coding == null) {
          src.error(
              m.get("overrideReasons"),
              "unknown override reason '" + code + "' (see cards/" + OVERRIDE_REASONS_FILE + ")");
        } else {
          reasons.add(coding);
        }
      }
    }
    for (Map.Entry<String, Node> use : scope.used.entrySet()) {
      if (!scope.declared.contains(use.getKey()) && !Templates.BUILT_INS.contains(use.getKey())) {
        src.error(use.getValue(), "'" + use.getKey() + "' is not bound by any 'as:' in this rule");
      }
    }
    if (errors.size() > before || when == null) {
      return null;
    }
    return new Rule(
        id,
        version,
        title,
        "active".equals(status),
        indicator,
        Set.copyOf(hooks),
        trigger,
        when,
        List.copyOf(suppressedBy),
        summary,
        evidence,
        limits,
        List.copyOf(notes),
        List.copyOf(show),
        dose,
        source,
        List.copyOf(suggestions),
        List.copyOf(reasons),
        file);
  }

  private String optionalTemplate(Scope scope, Map<String, Node> m, String key) {
    if (!m.containsKey(key)) {
      return null;
    }
    String value = scope.src.text(m.get(key), key);
    if (value != null) {
      checkTemplate(scope, m.get(key), value);
    }
    return value;
  }

  private void checkTemplate(Scope scope, Node node, String template) {
    for (String name : Templates.names(template)) {
      scope.used.putIfAbsent(name, node);
    }
  }

  private Trigger trigger(Scope scope, Node node) {
    Map<String, Node> m = scope.src.mapping(node, "trigger", Set.of("resource", "valueSet"));
    if (m == null || !m.containsKey("resource") || !m.containsKey("valueSet")) {
      scope.src.error(node, "trigger needs 'resource' and 'valueSet'");
      return null;
    }
    String resource = scope.src.text(m.get("resource"), "resource");
    if (resource != null && !ORDER_TYPES.contains(resource)) {
      scope.src.error(
          m.get("resource"), "trigger resource must be MedicationRequest or ServiceRequest");
      return null;
    }
    CompiledValueSet vs = valueSet(scope, m.get("valueSet"));
    return vs == null || resource == null ? null : new Trigger(resource, vs);
  }

  private Source source(Scope scope, Node node) {
    Map<String, Node> m = scope.src.mapping(node, "source", Set.of("label", "url"));
    if (m == null) {
      return null;
    }
    if (!m.containsKey("label")) {
      scope.src.error(node, "source needs a 'label'");
    }
    if (!m.containsKey("url")) {
      scope.src.error(node, "missing source URL: every card cites its source with an absolute URL");
      return null;
    }
    String url = scope.src.text(m.get("url"), "url");
    try {
      URI uri = new URI(url);
      if (!uri.isAbsolute() || !(url.startsWith("https://") || url.startsWith("http://"))) {
        scope.src.error(m.get("url"), "source URL must be an absolute http(s) URL");
      }
    } catch (Exception e) {
      scope.src.error(m.get("url"), "source URL is not a valid URL");
    }
    String label = m.containsKey("label") ? scope.src.text(m.get("label"), "label") : null;
    return new Source(label, url);
  }

  private DoseSpec dose(Scope scope, Node node) {
    YamlSource src = scope.src;
    Map<String, Node> m =
        src.mapping(node, "dose", Set.of("mgPerM2", "roundToMg", "bsa", "height", "weight"));
    if (m == null || !m.containsKey("mgPerM2") || !m.containsKey("roundToMg")) {
      src.error(node, "dose needs mgPerM2 and roundToMg");
      return null;
    }
    Double mgPerM2 = src.number(m.get("mgPerM2"), "mgPerM2");
    if (mgPerM2 != null && mgPerM2 <= 0) {
      src.error(m.get("mgPerM2"), "mgPerM2 must be positive");
      mgPerM2 = null;
    }
    Integer roundTo = src.integer(m.get("roundToMg"), "roundToMg");
    if (roundTo != null && roundTo <= 0) {
      // The dose is rounded to a multiple of it: 0 would divide by zero at request time.
      src.error(m.get("roundToMg"), "roundToMg must be a positive whole number of mg");
      roundTo = null;
    }
    ObservationRef bsa = observationRef(scope, m.get("bsa"), "bsa");
    ObservationRef height = observationRef(scope, m.get("height"), "height");
    ObservationRef weight = observationRef(scope, m.get("weight"), "weight");
    if (mgPerM2 == null || roundTo == null || bsa == null || height == null || weight == null) {
      return null;
    }
    return new DoseSpec(
        mgPerM2, roundTo, bsa.vs, bsa.days, height.vs, height.days, weight.vs, weight.days);
  }

  private record ObservationRef(CompiledValueSet vs, int days) {}

  private ObservationRef observationRef(Scope scope, Node node, String what) {
    if (node == null) {
      scope.src.error(null, "dose needs '" + what + "' ({valueSet, lookbackDays})");
      return null;
    }
    Map<String, Node> m = scope.src.mapping(node, what, Set.of("valueSet", "lookbackDays"));
    if (m == null || !m.containsKey("valueSet") || !m.containsKey("lookbackDays")) {
      scope.src.error(node, what + " needs valueSet and lookbackDays");
      return null;
    }
    CompiledValueSet vs = observationSet(scope, m.get("valueSet"));
    Integer days = scope.src.integer(m.get("lookbackDays"), "lookbackDays");
    return vs == null || days == null ? null : new ObservationRef(vs, days);
  }

  private SuggestionSpec suggestion(Scope scope, Node node, boolean hasTrigger) {
    YamlSource src = scope.src;
    Map<String, Node> m =
        src.mapping(
            node,
            "a suggestion",
            Set.of(
                "label",
                "recommended",
                "delete",
                "deleteDescription",
                "create",
                "createWithoutDose",
                "createDescription",
                "when",
                "otherwise"));
    if (m == null) {
      return null;
    }
    String label = m.containsKey("label") ? src.text(m.get("label"), "label") : null;
    if (label == null) {
      src.error(node, "a suggestion needs a 'label'");
    }
    boolean recommended =
        m.containsKey("recommended")
            && Boolean.TRUE.equals(src.bool(m.get("recommended"), "recommended"));
    boolean delete = false;
    if (m.containsKey("delete")) {
      String target = src.text(m.get("delete"), "delete");
      if (!"trigger".equals(target)) {
        src.error(
            m.get("delete"),
            "delete supports only 'trigger' (the draft order that triggered the rule)");
      } else if (!hasTrigger) {
        src.error(m.get("delete"), "delete: trigger needs a rule trigger");
      }
      delete = true;
      if (!m.containsKey("deleteDescription")) {
        src.error(node, "a delete suggestion needs 'deleteDescription'");
      }
    }
    String create = m.containsKey("create") ? resourceTemplate(scope, m.get("create")) : null;
    String createWithoutDose =
        m.containsKey("createWithoutDose")
            ? resourceTemplate(scope, m.get("createWithoutDose"))
            : null;
    if ((create != null || createWithoutDose != null) && !m.containsKey("createDescription")) {
      src.error(node, "a create suggestion needs 'createDescription'");
    }
    if (!delete && create == null) {
      src.error(node, "a suggestion needs 'delete' or 'create'");
    }
    Criterion when = m.containsKey("when") ? criterion(scope, m.get("when")) : null;
    String deleteDescription = optionalTemplate(scope, m, "deleteDescription");
    String createDescription = optionalTemplate(scope, m, "createDescription");
    String otherwise = optionalTemplate(scope, m, "otherwise");
    if (label != null) {
      checkTemplate(scope, m.get("label"), label);
    }
    return new SuggestionSpec(
        label,
        recommended,
        delete,
        deleteDescription,
        create,
        createWithoutDose,
        createDescription,
        when,
        otherwise);
  }

  /**
   * Checks a create template: a FHIR order resource that parses strictly with placeholders filled.
   */
  private String resourceTemplate(Scope scope, Node node) {
    String json = scope.src.json(node).toString();
    checkTemplate(scope, node, json);
    String sample =
        Templates.PLACEHOLDER
            .matcher(json.replaceAll("\"\\{[^}\"]*:number}\"", "1"))
            .replaceAll("x");
    try {
      org.hl7.fhir.instance.model.api.IBaseResource resource =
          fhir.newJsonParser()
              .setParserErrorHandler(new StrictErrorHandler())
              .parseResource(sample);
      if (!ORDER_TYPES.contains(resource.fhirType())) {
        scope.src.error(node, "create must be a MedicationRequest or ServiceRequest");
      }
    } catch (DataFormatException e) {
      scope.src.error(node, "create is not a valid FHIR R4 resource: " + e.getMessage());
    }
    return json;
  }

  // ---------------------------------------------------------------- criteria

  private Criterion criterion(Scope scope, Node node) {
    YamlSource src = scope.src;
    Map<String, Node> m = src.mapping(node, "a condition", null);
    if (m == null) {
      return null;
    }
    String as = null;
    String why = null;
    String kind = null;
    for (String key : m.keySet()) {
      if (key.equals("as")) {
        as = src.text(m.get("as"), "as");
        if (as != null) {
          scope.declared.add(as);
        }
      } else if (key.equals("why")) {
        why = src.text(m.get("why"), "why");
        if (why != null) {
          checkTemplate(scope, m.get("why"), why);
        }
      } else if (!CRITERION_KINDS.contains(key)) {
        src.error(
            node,
            "unknown condition kind '"
                + key
                + "' (known: "
                + String.join(", ", new java.util.TreeSet<>(CRITERION_KINDS))
                + ")");
        return null;
      } else if (kind != null) {
        src.error(
            node,
            "one condition kind per item ('" + kind + "' and '" + key + "'); wrap them in all/any");
        return null;
      } else {
        kind = key;
      }
    }
    if (kind == null) {
      src.error(node, "no condition kind given");
      return null;
    }
    Criterion criterion = kind(scope, kind, m.get(kind));
    if (criterion == null) {
      return null;
    }
    return as == null && why == null ? criterion : new Named(criterion, as, why);
  }

  private Criterion kind(Scope scope, String kind, Node value) {
    YamlSource src = scope.src;
    switch (kind) {
      case "all", "any" -> {
        List<Criterion> items = new ArrayList<>();
        for (Node item : src.sequence(value, kind)) {
          Criterion c = criterion(scope, item);
          if (c != null) {
            items.add(c);
          }
        }
        if (items.isEmpty()) {
          src.error(value, kind + " needs at least one condition");
          return null;
        }
        return kind.equals("all") ? new AllOf(List.copyOf(items)) : new AnyOf(List.copyOf(items));
      }
      case "not" -> {
        Criterion c = criterion(scope, value);
        return c == null ? null : new Not(c);
      }
      case "use" -> {
        return predicate(scope, value);
      }
      case "condition" -> {
        return condition(scope, value);
      }
      case "observation" -> {
        return observation(scope, value);
      }
      case "onMedication" -> {
        Map<String, Node> m =
            params(
                scope,
                value,
                "onMedication",
                Set.of("valueSet", "administeredWithinDays", "includeDrafts"),
                "valueSet");
        if (m == null) {
          return null;
        }
        CompiledValueSet vs = valueSet(scope, m.get("valueSet"));
        int days =
            m.containsKey("administeredWithinDays")
                ? orZero(src.integer(m.get("administeredWithinDays"), "administeredWithinDays"))
                : 30;
        boolean drafts =
            !m.containsKey("includeDrafts")
                || Boolean.TRUE.equals(src.bool(m.get("includeDrafts"), "includeDrafts"));
        return vs == null ? null : new OnMedication(vs, days, drafts);
      }
      case "exposure" -> {
        return exposure(scope, value);
      }
      case "draftOrder" -> {
        Map<String, Node> m =
            params(
                scope, value, "draftOrder", Set.of("valueSet", "resource"), "valueSet", "resource");
        if (m == null) {
          return null;
        }
        CompiledValueSet vs = valueSet(scope, m.get("valueSet"));
        String resource = src.text(m.get("resource"), "resource");
        if (resource != null && !ORDER_TYPES.contains(resource)) {
          src.error(m.get("resource"), "resource must be MedicationRequest or ServiceRequest");
          return null;
        }
        return vs == null || resource == null ? null : new DraftOrderFor(vs, resource);
      }
      case "triggerIn" -> {
        Map<String, Node> m = params(scope, value, "triggerIn", Set.of("valueSet"), "valueSet");
        CompiledValueSet vs = m == null ? null : valueSet(scope, m.get("valueSet"));
        return vs == null ? null : new TriggerIn(vs);
      }
      case "procedure" -> {
        Map<String, Node> m =
            params(
                scope, value, "procedure", Set.of("valueSet", "withinDays", "after"), "valueSet");
        if (m == null) {
          return null;
        }
        CompiledValueSet vs = valueSet(scope, m.get("valueSet"));
        Integer within =
            m.containsKey("withinDays") ? src.integer(m.get("withinDays"), "withinDays") : null;
        Relative after = m.containsKey("after") ? relative(scope, m.get("after")) : null;
        return vs == null ? null : new HasProcedure(vs, within, after);
      }
      case "serviceRequest" -> {
        Map<String, Node> m =
            params(scope, value, "serviceRequest", Set.of("valueSet"), "valueSet");
        CompiledValueSet vs = m == null ? null : valueSet(scope, m.get("valueSet"));
        return vs == null ? null : new HasServiceRequest(vs);
      }
      case "enrolledInStudy" -> {
        return new EnrolledInStudy();
      }
      case "age" -> {
        Map<String, Node> m = params(scope, value, "age", Set.of("atLeast", "below"));
        if (m == null) {
          return null;
        }
        if (m.isEmpty()) {
          src.error(value, "age needs atLeast and/or below");
          return null;
        }
        Integer atLeast =
            m.containsKey("atLeast") ? src.integer(m.get("atLeast"), "atLeast") : null;
        Integer below = m.containsKey("below") ? src.integer(m.get("below"), "below") : null;
        return new AgeBetween(atLeast, below);
      }
      case "gender" -> {
        String gender = src.text(value, "gender");
        if (gender == null || !Set.of("male", "female", "other", "unknown").contains(gender)) {
          src.error(value, "gender must be male, female, other or unknown");
          return null;
        }
        return new GenderIs(gender);
      }
      case "transfusionDependent", "highTransfusionBurden" -> {
        Map<String, Node> m = params(scope, value, kind, Set.of("valueSet"));
        if (m == null) {
          return null;
        }
        CompiledValueSet vs = transfusionValueSet(scope, m, value, kind);
        if (vs == null) {
          return null;
        }
        return kind.equals("transfusionDependent")
            ? new TransfusionDependence(vs)
            : new HighTransfusionBurden(vs);
      }
      case "transfusionRate" -> {
        Map<String, Node> m =
            params(
                scope,
                value,
                kind,
                Set.of("valueSet", "atLeastUnitsPerMonth"),
                "atLeastUnitsPerMonth");
        if (m == null) {
          return null;
        }
        Double rate = src.number(m.get("atLeastUnitsPerMonth"), "atLeastUnitsPerMonth");
        if (rate != null && rate < 0) {
          src.error(m.get("atLeastUnitsPerMonth"), "atLeastUnitsPerMonth must not be negative");
          return null;
        }
        CompiledValueSet vs = transfusionValueSet(scope, m, value, kind);
        return rate == null || vs == null ? null : new TransfusionRate(vs, rate);
      }
      default -> {
        src.error(value, "unknown condition kind '" + kind + "'");
        return null;
      }
    }
  }

  /** The {@code valueSet} parameter, else vs-rbc-transfusion; null (reported) if neither. */
  private CompiledValueSet transfusionValueSet(
      Scope scope, Map<String, Node> params, Node value, String kind) {
    CompiledValueSet vs =
        params.containsKey("valueSet")
            ? valueSet(scope, params.get("valueSet"))
            : valueSets.find("vs-rbc-transfusion").orElse(null);
    if (vs == null) {
      scope.src.error(value, kind + " needs the value set vs-rbc-transfusion");
    }
    return vs;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /** The kind's parameters; an empty value ({@code enrolledInStudy: {}}) is an empty map. */
  private Map<String, Node> params(
      Scope scope, Node value, String kind, Set<String> allowed, String... required) {
    if (value instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar
        && scalar.getValue().isEmpty()) {
      return Map.of();
    }
    Map<String, Node> m = scope.src.mapping(value, kind, allowed);
    if (m == null) {
      return null;
    }
    for (String key : required) {
      if (!m.containsKey(key)) {
        scope.src.error(value, kind + " needs '" + key + "'");
        return null;
      }
    }
    return m;
  }

  private Criterion predicate(Scope scope, Node value) {
    String name = scope.src.text(value, "use");
    if (name == null) {
      return null;
    }
    Node node = predicateNodes.get(name);
    if (node == null) {
      scope.src.error(
          value, "unknown predicate '" + name + "' (see cards/" + PREDICATES_FILE + ")");
      return null;
    }
    if (!predicatesInProgress.add(name)) {
      scope.src.error(value, "predicate '" + name + "' refers to itself");
      return null;
    }
    try {
      Scope predicateScope = new Scope(predicateSource);
      Criterion c = criterion(predicateScope, node);
      scope.declared.addAll(predicateScope.declared);
      return c;
    } finally {
      predicatesInProgress.remove(name);
    }
  }

  private Criterion condition(Scope scope, Node value) {
    YamlSource src = scope.src;
    Map<String, Node> m =
        params(
            scope,
            value,
            "condition",
            Set.of(
                "valueSet",
                "status",
                "orValueSetWithStatus",
                "datedWithinDays",
                "after",
                "atLeastDaysBefore",
                "pick",
                "datedBy"));
    if (m == null) {
      return null;
    }
    if (!m.containsKey("valueSet") && !m.containsKey("orValueSetWithStatus")) {
      src.error(value, "condition needs 'valueSet'");
      return null;
    }
    CompiledValueSet vs = m.containsKey("valueSet") ? valueSet(scope, m.get("valueSet")) : null;
    Set<String> statuses = HasCondition.ACTIVE;
    if (m.containsKey("status")) {
      List<String> given = src.texts(m.get("status"), "status");
      if (given.equals(List.of("active"))) {
        statuses = HasCondition.ACTIVE;
      } else if (given.equals(List.of("ever"))) {
        statuses = Set.of();
      } else {
        statuses = Set.copyOf(given);
      }
    }
    CompiledValueSet withStatusIn = null;
    Set<String> withStatuses = Set.of();
    if (m.containsKey("orValueSetWithStatus")) {
      Map<String, Node> o =
          params(
              scope,
              m.get("orValueSetWithStatus"),
              "orValueSetWithStatus",
              Set.of("valueSet", "status"),
              "valueSet",
              "status");
      if (o == null) {
        return null;
      }
      withStatusIn = valueSet(scope, o.get("valueSet"));
      withStatuses = Set.copyOf(src.texts(o.get("status"), "status"));
    }
    Integer within =
        m.containsKey("datedWithinDays")
            ? src.integer(m.get("datedWithinDays"), "datedWithinDays")
            : null;
    Relative after = m.containsKey("after") ? relative(scope, m.get("after")) : null;
    Relative before =
        m.containsKey("atLeastDaysBefore") ? relative(scope, m.get("atLeastDaysBefore")) : null;
    boolean earliest = eitherOr(src, m, "pick", "latest", "earliest");
    boolean onsetDateTimeOnly = eitherOr(src, m, "datedBy", "onset", "onsetDateTime");
    if ((m.containsKey("valueSet") && vs == null)
        || (m.containsKey("orValueSetWithStatus") && withStatusIn == null)) {
      return null;
    }
    return new HasCondition(
        vs,
        statuses,
        withStatusIn,
        withStatuses,
        within,
        after,
        before,
        earliest,
        onsetDateTimeOnly);
  }

  /** A key that takes one of two words: true for {@code other}; anything else is an error. */
  private static boolean eitherOr(
      YamlSource src, Map<String, Node> m, String key, String usual, String other) {
    if (!m.containsKey(key)) {
      return false;
    }
    String word = src.text(m.get(key), key);
    if (!usual.equals(word) && !other.equals(word)) {
      src.error(m.get(key), key + " must be " + usual + " or " + other);
    }
    return other.equals(word);
  }

  private Criterion observation(Scope scope, Node value) {
    YamlSource src = scope.src;
    Map<String, Node> m =
        params(
            scope,
            value,
            "observation",
            Set.of("valueSet", "lookbackDays", "op", "value", "unit", "answerIn", "spoiledBy"),
            "valueSet",
            "lookbackDays");
    if (m == null) {
      return null;
    }
    CompiledValueSet vs = observationSet(scope, m.get("valueSet"));
    Integer lookback = src.integer(m.get("lookbackDays"), "lookbackDays");
    Comparison op = null;
    Double threshold = null;
    if (m.containsKey("op")) {
      String opText = src.text(m.get("op"), "op");
      op = opText == null ? null : Comparison.parse(opText);
      if (op == null) {
        src.error(m.get("op"), "op must be one of >, >=, <, <=");
        return null;
      }
      if (!m.containsKey("value") || !m.containsKey("unit")) {
        src.error(value, "a comparison needs 'value' and 'unit'");
        return null;
      }
      Double raw = src.number(m.get("value"), "value");
      String unit = src.text(m.get("unit"), "unit");
      if (vs != null && raw != null && unit != null) {
        if (vs.canonicalUnit() == null) {
          src.error(
              m.get("valueSet"), "value set '" + vs.id() + "' has no canonical unit to compare in");
          return null;
        }
        if (unit.equals(vs.canonicalUnit())) {
          threshold = raw;
        } else if (!units.isValidUcum(unit)) {
          src.error(m.get("unit"), "bad unit: '" + unit + "' is not a UCUM unit");
          return null;
        } else {
          java.util.OptionalDouble converted = units.toCanonical(vs, null, raw, unit);
          if (converted.isEmpty()) {
            src.error(
                m.get("unit"),
                "bad unit: '" + unit + "' does not convert to " + vs.canonicalUnit());
            return null;
          }
          threshold = Numbers.clean(converted.getAsDouble());
        }
      }
    } else if (m.containsKey("value") || m.containsKey("unit")) {
      src.error(value, "'value' and 'unit' need an 'op'");
    }
    CompiledValueSet answers =
        m.containsKey("answerIn") ? valueSet(scope, m.get("answerIn")) : null;
    if (answers != null && op != null) {
      src.error(m.get("answerIn"), "use either a comparison or answerIn, not both");
    }
    CompiledValueSet spoiledBy = null;
    int spoiledDays = 0;
    if (m.containsKey("spoiledBy")) {
      Map<String, Node> s =
          params(
              scope,
              m.get("spoiledBy"),
              "spoiledBy",
              Set.of("valueSet", "withinDays"),
              "valueSet",
              "withinDays");
      if (s != null) {
        spoiledBy = valueSet(scope, s.get("valueSet"));
        spoiledDays = orZero(src.integer(s.get("withinDays"), "withinDays"));
      }
    }
    if (vs == null || lookback == null || (op != null && threshold == null)) {
      return null;
    }
    return new LatestObservation(vs, lookback, op, threshold, answers, spoiledBy, spoiledDays);
  }

  private Criterion exposure(Scope scope, Node value) {
    YamlSource src = scope.src;
    Map<String, Node> m =
        params(
            scope,
            value,
            "exposure",
            Set.of(
                "valueSet",
                "withinDays",
                "firstAtLeastDaysAgo",
                "after",
                "firstAtLeastDaysBefore",
                "currentOrLastWithinDaysBefore",
                "intent"),
            "valueSet");
    if (m == null) {
      return null;
    }
    CompiledValueSet vs = valueSet(scope, m.get("valueSet"));
    Integer within =
        m.containsKey("withinDays") ? src.integer(m.get("withinDays"), "withinDays") : null;
    Integer firstAgo =
        m.containsKey("firstAtLeastDaysAgo")
            ? src.integer(m.get("firstAtLeastDaysAgo"), "firstAtLeastDaysAgo")
            : null;
    Relative after = m.containsKey("after") ? relative(scope, m.get("after")) : null;
    Relative firstBefore =
        m.containsKey("firstAtLeastDaysBefore")
            ? relative(scope, m.get("firstAtLeastDaysBefore"))
            : null;
    Relative recent =
        m.containsKey("currentOrLastWithinDaysBefore")
            ? relative(scope, m.get("currentOrLastWithinDaysBefore"))
            : null;
    String intent = null;
    CompiledValueSet intentCodes = null;
    if (m.containsKey("intent")) {
      String text = src.text(m.get("intent"), "intent");
      if ("coded".equals(text)) {
        intent = "coded";
      } else if (text != null) {
        intent = "in-set";
        intentCodes = valueSet(scope, m.get("intent"));
        if (intentCodes == null) {
          return null;
        }
      }
    }
    return vs == null
        ? null
        : new MedicationExposure(
            vs, within, firstAgo, after, firstBefore, recent, intent, intentCodes);
  }

  /** {@code name} (0 days) or {@code {of: name, days: N}}. */
  private Relative relative(Scope scope, Node node) {
    YamlSource src = scope.src;
    if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
      String name = src.text(node, "binding name");
      if (name != null) {
        scope.used.putIfAbsent(name, node);
      }
      return name == null ? null : new Relative(name, 0);
    }
    Map<String, Node> m = params(scope, node, "relative date", Set.of("of", "days"), "of", "days");
    if (m == null) {
      return null;
    }
    String name = src.text(m.get("of"), "of");
    Integer days = src.integer(m.get("days"), "days");
    if (name != null) {
      scope.used.putIfAbsent(name, m.get("of"));
    }
    return name == null || days == null ? null : new Relative(name, days);
  }

  private CompiledValueSet valueSet(Scope scope, Node node) {
    String id = scope.src.text(node, "valueSet");
    if (id == null) {
      return null;
    }
    CompiledValueSet vs = valueSets.find(id).orElse(null);
    if (vs == null) {
      scope.src.error(node, "unknown value set '" + id + "' (no cards/valuesets/" + id + ".json)");
    }
    return vs;
  }

  private CompiledValueSet observationSet(Scope scope, Node node) {
    return valueSet(scope, node);
  }

  // ---------------------------------------------------------------- whole catalogue

  private void crossCheck(List<Rule> rules) {
    Map<String, Rule> byId = new HashMap<>();
    for (Rule rule : rules) {
      Rule previous = byId.put(rule.id(), rule);
      if (previous != null) {
        errors.add(
            rule.file() + ":1: rule id " + rule.id() + " is also used by " + previous.file());
      }
    }
    for (Rule rule : rules) {
      for (String other : rule.suppressedBy()) {
        if (!byId.containsKey(other)) {
          errors.add(rule.file() + ":1: suppressedBy names unknown rule " + other);
        }
      }
    }
  }
}
