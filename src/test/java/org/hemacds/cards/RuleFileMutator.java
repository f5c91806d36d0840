package org.hemacds.cards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hemacds.fuzz.Choices;

/**
 * Line-level mutations of a YAML or JSON catalogue file: a token replaced by one YAML or the
 * compiler treats specially (hex and sexagesimal integers, infinities, anchors and aliases, tags,
 * flow brackets, thresholds, units, value set ids), a line deleted, duplicated, re-indented or
 * swapped. Keeps the file mostly well-formed so the compiler's checks, not only the YAML parser,
 * meet the mutations.
 */
final class RuleFileMutator {

  static final List<String> TOKENS =
      List.of(
          "0",
          "-1",
          "2147483648",
          "0x1F",
          "0o17",
          "0b101",
          "1_000",
          "1:20",
          "+12",
          ".inf",
          "-.inf",
          ".nan",
          "1e309",
          "1e-400",
          "~",
          "null",
          "yes",
          "true",
          "\"\"",
          "''",
          "&a x",
          "*a",
          "&a [*a]",
          "!!binary AAAA",
          "!!str 1",
          "!!int x",
          "!!float x",
          "!!timestamp 2026-02-30",
          "!!set {a, b}",
          "!!omap [a: 1]",
          "!!python/object:os.system x",
          "<<: *a",
          "{",
          "}",
          "[",
          "]",
          "[]",
          "{}",
          "- ",
          "? ",
          "|",
          ">",
          "%YAML 1.1",
          "---",
          "...",
          "#",
          "\t",
          "R01",
          "R99",
          "R01-ato-aplastic-anemia",
          "obs-hemoglobin",
          "obs-tsat",
          "vs-esa",
          "vs-rbc-transfusion",
          "vs-does-not-exist",
          ">=",
          "<",
          "gt",
          "g/dL",
          "10*9/L",
          "furlongs",
          "%",
          "{1.73_m2}",
          "order-select",
          "patient-view",
          "MedicationRequest",
          "ServiceRequest",
          "{x}",
          "{dose.mg:number}",
          "{x?yes|no}",
          "{",
          "https://example.org",
          "not a url",
          "roundToMg: 0",
          "mgPerM2: .nan",
          "lookbackDays: -5",
          "use: self",
          "all: []",
          "not: {not: {}}");

  private final Choices choices;

  RuleFileMutator(Choices choices) {
    this.choices = choices;
  }

  String mutate(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int count = 1 + choices.pick(5);
    for (int i = 0; i < count && !lines.isEmpty(); i++) {
      int at = choices.pick(lines.size());
      String line = lines.get(at);
      switch (choices.pick(8)) {
        case 0, 1, 2 -> lines.set(at, replaceToken(line));
        case 3 -> lines.remove(at);
        case 4 -> lines.add(at, line);
        case 5 -> lines.set(at, choices.flip() ? "  " + line : line.stripLeading());
        case 6 -> {
          int other = choices.pick(lines.size());
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
        default -> lines.add(at, indentOf(line) + choices.anyString(30));
      }
    }
    return String.join("\n", lines);
  }

  private String replaceToken(String line) {
    String token = choices.flip() ? choices.oneOf(TOKENS) : choices.anyString(12);
    // Replace the value after a key, an item, or the whole line.
    int colon = line.indexOf(": ");
    if (colon >= 0 && choices.pick(3) != 0) {
      return line.substring(0, colon + 2) + token;
    }
    int dash = line.indexOf("- ");
    if (dash >= 0 && choices.flip()) {
      return line.substring(0, dash + 2) + token;
    }
    return indentOf(line) + token;
  }

  private static String indentOf(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return line.substring(0, i);
  }
}
