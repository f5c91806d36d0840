package org.hemacds.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;

/**
 * The value sets under {@code cards/valuesets}, compiled once. Build it with {@link #compile};
 * every problem in every file is collected and reported together.
 */
public final class ValueSetRegistry {

  public static final String TEXT_MATCH = "urn:hematology-cds:text-match";
  public static final String TEXT_EXCLUDE = "urn:hematology-cds:text-exclude";
  public static final String CANONICAL_UNIT = "urn:hematology-cds:canonical-unit";

  private final Map<String, CompiledValueSet> byId;

  private ValueSetRegistry(Map<String, CompiledValueSet> byId) {
    this.byId = Map.copyOf(byId);
  }

  public Optional<CompiledValueSet> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public CompiledValueSet get(String id) {
    CompiledValueSet vs = byId.get(id);
    if (vs == null) {
      throw new IllegalArgumentException("Unknown value set " + id);
    }
    return vs;
  }

  public Set<String> ids() {
    return new TreeSet<>(byId.keySet());
  }

  /**
   * Compiles value set sources (file name → JSON text). Problems are appended to {@code errors} as
   * "file: message"; the registry holds the sets that compiled.
   */
  public static ValueSetRegistry compile(
      FhirContext fhir, Map<String, String> sources, List<String> errors) {
    IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    Map<String, CompiledValueSet> compiled = new LinkedHashMap<>();
    for (Map.Entry<String, String> source : new TreeMap<>(sources).entrySet()) {
      String file = source.getKey();
      ValueSet vs;
      try {
        vs = parser.parseResource(ValueSet.class, source.getValue());
      } catch (DataFormatException | ClassCastException e) {
        errors.add(file + ":1: not a valid FHIR R4 ValueSet: " + e.getMessage());
        continue;
      }
      String id = vs.getIdElement().getIdPart();
      String expectedId = file.replaceAll("^.*/", "").replaceAll("\\.json$", "");
      if (id == null || !id.equals(expectedId)) {
        errors.add(
            file + ":1: ValueSet.id '" + id + "' must equal the file name '" + expectedId + "'");
        continue;
      }
      List<String> local = new ArrayList<>();
      CompiledValueSet result = compileOne(vs, local);
      local.forEach(message -> errors.add(file + ":1: " + message));
      if (local.isEmpty()) {
        compiled.put(id, result);
      }
    }
    return new ValueSetRegistry(compiled);
  }

  private static CompiledValueSet compileOne(ValueSet vs, List<String> errors) {
    Map<String, Set<String>> codes = new HashMap<>();
    Map<String, List<Pattern>> filters = new HashMap<>();
    Map<String, Set<String>> excludedCodes = new HashMap<>();
    Map<String, List<Pattern>> excludedFilters = new HashMap<>();
    if (!vs.hasCompose() || !vs.getCompose().hasInclude()) {
      errors.add("compose.include is required");
    }
    for (ConceptSetComponent include : vs.getCompose().getInclude()) {
      addComponent(include, codes, filters, errors);
    }
    for (ConceptSetComponent exclude : vs.getCompose().getExclude()) {
      addComponent(exclude, excludedCodes, excludedFilters, errors);
    }
    List<Pattern> terms = new ArrayList<>();
    List<Pattern> vetoes = new ArrayList<>();
    String canonicalUnit = null;
    for (Extension extension : vs.getExtension()) {
      String value = extension.getValue() == null ? null : extension.getValue().primitiveValue();
      if (value == null || value.isBlank()) {
        errors.add("extension " + extension.getUrl() + " has no value");
        continue;
      }
      switch (extension.getUrl()) {
        case TEXT_MATCH -> terms.add(CompiledValueSet.wordPattern(value));
        case TEXT_EXCLUDE -> vetoes.add(CompiledValueSet.wordPattern(value));
        case CANONICAL_UNIT -> canonicalUnit = value;
        default -> errors.add("unknown extension " + extension.getUrl());
      }
    }
    return new CompiledValueSet(
        vs.getIdElement().getIdPart(),
        vs.hasTitle() ? vs.getTitle() : vs.getName(),
        vs.getStatus() == org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE,
        freeze(codes),
        freezeLists(filters),
        freeze(excludedCodes),
        freezeLists(excludedFilters),
        List.copyOf(terms),
        List.copyOf(vetoes),
        canonicalUnit);
  }

  private static void addComponent(
      ConceptSetComponent component,
      Map<String, Set<String>> codes,
      Map<String, List<Pattern>> filters,
      List<String> errors) {
    String system = component.getSystem();
    if (system == null || system.isBlank()) {
      errors.add("every include/exclude needs a system");
      return;
    }
    if (component.hasValueSet()) {
      errors.add("include by valueSet is not supported; list codes or filters");
    }
    for (ConceptReferenceComponent concept : component.getConcept()) {
      if (!concept.hasCode() || concept.getCode().isBlank()) {
        errors.add("a concept in " + system + " has no code");
        continue;
      }
      codes.computeIfAbsent(system, s -> new TreeSet<>()).add(concept.getCode());
    }
    for (ConceptSetFilterComponent filter : component.getFilter()) {
      String op = filter.getOp() == null ? null : filter.getOp().toCode();
      if (!"code".equals(filter.getProperty()) || !"regex".equals(op)) {
        errors.add(
            "only filters with property 'code' and op 'regex' are supported (got "
                + filter.getProperty()
                + " "
                + op
                + ")");
        continue;
      }
      try {
        filters
            .computeIfAbsent(system, s -> new ArrayList<>())
            .add(Pattern.compile(filter.getValue()));
      } catch (PatternSyntaxException e) {
        errors.add("invalid regex '" + filter.getValue() + "': " + e.getDescription());
      }
    }
  }

  private static Map<String, Set<String>> freeze(Map<String, Set<String>> map) {
    Map<String, Set<String>> copy = new HashMap<>();
    map.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    return Map.copyOf(copy);
  }

  private static Map<String, List<Pattern>> freezeLists(Map<String, List<Pattern>> map) {
    Map<String, List<Pattern>> copy = new HashMap<>();
    map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Map.copyOf(copy);
  }
}
