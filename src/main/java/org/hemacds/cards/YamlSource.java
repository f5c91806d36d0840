package org.hemacds.cards;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One YAML file read as a node tree, so that every error names the file and line. Accessors record
 * a problem and return null instead of throwing, so one pass finds every error.
 */
final class YamlSource {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  final String file;
  private final List<String> errors;

  YamlSource(String file, List<String> errors) {
    this.file = file;
    this.errors = errors;
  }

  Node parse(String text) {
    try {
      Node root =
          new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
      if (root == null) {
        error(null, "the file is empty");
      } else if (recursive(root, java.util.Collections.newSetFromMap(new IdentityHashMap<>()))) {
        // An alias inside its own anchor (&a [*a]) would make every walk of the tree endless.
        error(root, "an alias refers to a node that contains it (recursive anchor)");
        return null;
      }
      return root;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      errors.add(file + ":" + line + ": invalid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      errors.add(file + ":1: invalid YAML: " + e.getMessage());
    }
    return null;
  }

  /** True if a node is reachable from itself (a recursive anchor/alias pair). */
  private static boolean recursive(Node node, Set<Node> path) {
    if (!path.add(node)) {
      return true;
    }
    boolean found = false;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (recursive(tuple.getKeyNode(), path) || recursive(tuple.getValueNode(), path)) {
          found = true;
          break;
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if (recursive(item, path)) {
          found = true;
          break;
        }
      }
    }
    path.remove(node);
    return found;
  }

  static int line(Node node) {
    return node == null ? 1 : node.getStartMark().getLine() + 1;
  }

  void error(Node node, String message) {
    errors.add(file + ":" + line(node) + ": " + message);
  }

  /** The mapping's entries in order; reports duplicate keys and keys not in {@code allowed}. */
  Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, what + " must be a mapping");
      return null;
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        error(tuple.getKeyNode(), "keys must be plain text");
        continue;
      }
      if (result.containsKey(key.getValue())) {
        error(key, "duplicate key '" + key.getValue() + "'");
      }
      if (allowed != null && !allowed.contains(key.getValue())) {
        error(
            key,
            "unknown key '"
                + key.getValue()
                + "' in "
                + what
                + " (allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
        continue;
      }
      result.put(key.getValue(), tuple.getValueNode());
    }
    return result;
  }

  List<Node> sequence(Node node, String what) {
    if (!(node instanceof SequenceNode sequence)) {
      error(node, what + " must be a list");
      return List.of();
    }
    return new ArrayList<>(sequence.getValue());
  }

  String text(Node node, String what) {
    if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
      error(node, what + " must be text");
      return null;
    }
    return scalar.getValue();
  }

  Integer integer(Node node, String what) {
    String text = text(node, what);
    if (text == null) {
      return null;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      error(node, what + " must be a whole number, not '" + text + "'");
      return null;
    }
  }

  Double number(Node node, String what) {
    String text = text(node, what);
    if (text == null) {
      return null;
    }
    try {
      double value = Double.parseDouble(text.trim());
      if (!Double.isFinite(value)) {
        // NaN compares false with everything and cannot be rounded or printed on a card.
        error(node, what + " must be a finite number, not '" + text + "'");
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      error(node, what + " must be a number, not '" + text + "'");
      return null;
    }
  }

  Boolean bool(Node node, String what) {
    String text = text(node, what);
    if ("true".equals(text)) {
      return true;
    }
    if ("false".equals(text)) {
      return false;
    }
    error(node, what + " must be true or false");
    return null;
  }

  List<String> texts(Node node, String what) {
    if (node instanceof ScalarNode) {
      String one = text(node, what);
      return one == null ? List.of() : List.of(one);
    }
    List<String> result = new ArrayList<>();
    for (Node item : sequence(node, what)) {
      String value = text(item, what + " item");
      if (value != null) {
        result.add(value);
      }
    }
    return result;
  }

  /** A YAML tree as JSON (scalars typed as YAML resolved them), for FHIR resource templates. */
  JsonNode json(Node node) {
    JsonNodeFactory f = JSON.getNodeFactory();
    if (node instanceof MappingNode) {
      ObjectNode object = f.objectNode();
      Map<String, Node> entries = mapping(node, "resource template", null);
      if (entries != null) {
        entries.forEach((k, v) -> object.set(k, json(v)));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = f.arrayNode();
      sequence.getValue().forEach(item -> array.add(json(item)));
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    String value = scalar.getValue();
    if (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT)) {
      // YAML 1.1 also reads 0x1F, 0o17, 1_000, 1:20 and .inf as numbers; FHIR JSON has none.
      try {
        return f.numberNode(new java.math.BigDecimal(value));
      } catch (NumberFormatException e) {
        error(node, "'" + value + "' is not a plain decimal number; quote it to keep it as text");
        return f.stringNode(value);
      }
    }
    if (scalar.getTag().equals(Tag.BOOL)) {
      return f.booleanNode(Boolean.parseBoolean(value));
    }
    if (scalar.getTag().equals(Tag.NULL)) {
      return f.nullNode();
    }
    return f.stringNode(value);
  }
}
