package org.hemacds.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills card text placeholders: {@code {name.field}} from a bound fact, {@code {name}} for its
 * value, {@code {drug}} for the triggering order, {@code {age}}; {@code {x|text}} gives a default
 * when {@code x} is not bound; {@code {x?yes|no}} prints {@code yes} when {@code x} is bound and
 * {@code no} (or nothing) when it is not. A placeholder that cannot be filled prints "n/a".
 */
public final class Templates {

  static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\{([A-Za-z][A-Za-z0-9_]*)(?:\\.([A-Za-z][A-Za-z0-9_]*))?(?::(number))?"
              + "(?:\\?([^|}]*))?(?:\\|([^}]*))?}");

  static final java.util.Set<String> BUILT_INS = java.util.Set.of("drug", "age");

  private Templates() {}

  /** One piece of filled text: literal, or a placeholder's value. */
  record Piece(String text, boolean placeholder, boolean numeric) {}

  /**
   * A template split once into literal text and placeholders ({@code name} null for a literal):
   * templates come from the compiled rules, so each is parsed on first use, not per card.
   */
  private record Part(
      String literal, String name, String field, String ifBound, String otherwise) {}

  private static final java.util.Map<String, List<Part>> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

  private static List<Part> parts(String template) {
    return PARSED.computeIfAbsent(template, Templates::split);
  }

  private static List<Part> split(String template) {
    List<Part> parsed = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parsed.add(new Part(template.substring(last, m.start()), null, null, null, null));
      }
      parsed.add(new Part(null, m.group(1), m.group(2), m.group(4), m.group(5)));
      last = m.end();
    }
    if (last < template.length()) {
      parsed.add(new Part(template.substring(last), null, null, null, null));
    }
    return List.copyOf(parsed);
  }

  static String fill(String template, Evaluation evaluation) {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces(template, evaluation)) {
      out.append(piece.text());
    }
    return out.toString();
  }

  static List<Piece> pieces(String template, Evaluation evaluation) {
    List<Part> parts = parts(template);
    List<Piece> pieces = new ArrayList<>(parts.size());
    for (Part part : parts) {
      if (part.name() == null) {
        pieces.add(new Piece(part.literal(), false, false));
        continue;
      }
      String value = resolve(part.name(), part.field(), evaluation);
      String otherwise = part.otherwise();
      if (part.ifBound() != null) {
        boolean bound = value != null || evaluation.binding(part.name()) != null;
        value = bound ? part.ifBound() : (otherwise != null ? otherwise : "");
      } else if (value == null) {
        value = otherwise != null ? otherwise : "n/a";
      }
      pieces.add(new Piece(value, true, NUMBER.matcher(value).matches()));
    }
    return pieces;
  }

  /**
   * Fills a card summary, which must stay under {@code limit} characters: the longest text
   * placeholder is shortened with "…" until it fits; numbers are never cut.
   */
  static String summary(String template, Evaluation evaluation, int limit) {
    List<Piece> pieces = new ArrayList<>(pieces(template, evaluation));
    while (length(pieces) >= limit) {
      int longest = -1;
      for (int i = 0; i < pieces.size(); i++) {
        Piece p = pieces.get(i);
        if (p.placeholder()
            && !p.numeric()
            && p.text().length() > 1
            && (longest < 0 || p.text().length() > pieces.get(longest).text().length())) {
          longest = i;
        }
      }
      if (longest < 0) {
        break;
      }
      String text = pieces.get(longest).text();
      int excess = length(pieces) - limit + 1;
      int keep = Math.max(1, text.length() - excess - 1);
      pieces.set(longest, new Piece(text.substring(0, keep).stripTrailing() + "…", true, false));
    }
    StringBuilder out = new StringBuilder();
    pieces.forEach(p -> out.append(p.text()));
    return out.toString();
  }

  private static int length(List<Piece> pieces) {
    return pieces.stream().mapToInt(p -> p.text().length()).sum();
  }

  private static String resolve(String name, String field, Evaluation evaluation) {
    if (field == null) {
      if ("drug".equals(name)) {
        return evaluation.triggers().isEmpty() ? null : evaluation.triggers().get(0).display();
      }
      if ("age".equals(name)) {
        Integer age = evaluation.chart().age();
        return age == null ? null : String.valueOf(age);
      }
    }
    Fact fact = evaluation.binding(name);
    if (fact == null) {
      return null;
    }
    return fact.field(field == null ? "value" : field);
  }

  /**
   * The names a template refers to (binding names and built-ins), for compile-time checks: those
   * without a default, and those tested for presence ({@code {x?yes|no}}).
   */
  static List<String> names(String template) {
    List<String> names = new ArrayList<>();
    for (Part part : split(template)) {
      if (part.name() != null && (part.otherwise() == null || part.ifBound() != null)) {
        names.add(part.name());
      }
    }
    return names;
  }
}
