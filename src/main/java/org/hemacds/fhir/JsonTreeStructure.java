package org.hemacds.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.json.BaseJsonLikeArray;
import ca.uhn.fhir.parser.json.BaseJsonLikeObject;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import ca.uhn.fhir.parser.json.JsonLikeStructure;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Iterator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.DecimalNode;

/**
 * Lets HAPI's JSON parser read a resource straight from the request's Jackson 3 tree. Without it,
 * each prefetch value and draft order was written back to text and parsed again (by HAPI's own
 * Jackson 2) before HAPI walked it: two passes over every byte that this one avoids. Values read as
 * the text that writing the tree would have produced, so HAPI sees the same resource either way.
 */
final class JsonTreeStructure implements JsonLikeStructure {

  private final JsonNode root;
  private final boolean hideEntryFullUrls;

  /**
   * @param hideEntryFullUrls hide {@code entry[].fullUrl} of a Bundle from HAPI: its tree-reading
   *     path sets every entry's resource id to the fullUrl (older logic than its text path, which
   *     keeps the id for a {@code urn:uuid} fullUrl), so the caller applies the text path's rule
   *     itself
   */
  JsonTreeStructure(JsonNode root, boolean hideEntryFullUrls) {
    this.root = root;
    this.hideEntryFullUrls = hideEntryFullUrls;
  }

  @Override
  public JsonLikeStructure getInstance() {
    return new JacksonStructure();
  }

  @Override
  public void load(Reader reader) {
    throw new UnsupportedOperationException("JsonTreeStructure wraps an already parsed tree");
  }

  @Override
  public void load(Reader reader, boolean allowArray) {
    throw new UnsupportedOperationException("JsonTreeStructure wraps an already parsed tree");
  }

  @Override
  public BaseJsonLikeObject getRootObject() throws DataFormatException {
    if (root == null || !root.isObject()) {
      throw new DataFormatException("Content must be a valid JSON Object.");
    }
    return new TreeObject(root, null, hideEntryFullUrls);
  }

  @Override
  public BaseJsonLikeWriter getJsonLikeWriter() {
    return new JacksonStructure().getJsonLikeWriter();
  }

  @Override
  public BaseJsonLikeWriter getJsonLikeWriter(Writer writer) throws IOException {
    return new JacksonStructure().getJsonLikeWriter(writer);
  }

  private static BaseJsonLikeValue wrap(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      return new TreeObject(node, null, false);
    }
    if (node.isArray()) {
      return new TreeArray(node, null);
    }
    return new TreeValue(node);
  }

  private static final class TreeObject extends BaseJsonLikeObject {
    private final JsonNode node;
    private final String hidden;
    private final boolean hideEntryFullUrls;

    TreeObject(JsonNode node, String hidden, boolean hideEntryFullUrls) {
      this.node = node;
      this.hidden = hidden;
      this.hideEntryFullUrls = hideEntryFullUrls;
    }

    @Override
    public Object getValue() {
      return null;
    }

    @Override
    public Iterator<String> keyIterator() {
      if (hidden == null || !node.has(hidden)) {
        return node.propertyNames().iterator();
      }
      return node.propertyNames().stream().filter(k -> !k.equals(hidden)).iterator();
    }

    @Override
    public BaseJsonLikeValue get(String key) {
      if (key.equals(hidden)) {
        return null;
      }
      JsonNode child = node.get(key);
      if (hideEntryFullUrls && key.equals("entry") && child != null && child.isArray()) {
        return new TreeArray(child, "fullUrl");
      }
      return wrap(child);
    }
  }

  private static final class TreeArray extends BaseJsonLikeArray {
    private final JsonNode node;
    private final String hiddenInItems;

    TreeArray(JsonNode node, String hiddenInItems) {
      this.node = node;
      this.hiddenInItems = hiddenInItems;
    }

    @Override
    public Object getValue() {
      return null;
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public BaseJsonLikeValue get(int index) {
      JsonNode child = node.get(index);
      if (hiddenInItems != null && child != null && child.isObject()) {
        return new TreeObject(child, hiddenInItems, false);
      }
      return wrap(child);
    }
  }

  /** A string, number, boolean or null, as HAPI's own Jackson 2 adapter presents it. */
  private static final class TreeValue extends BaseJsonLikeValue {
    private final JsonNode node;

    TreeValue(JsonNode node) {
      this.node = node;
    }

    @Override
    public ValueType getJsonType() {
      return node.isNull() || node.isMissingNode() ? ValueType.NULL : ValueType.SCALAR;
    }

    @Override
    public ScalarType getDataType() {
      if (node.isNumber()) {
        return ScalarType.NUMBER;
      }
      if (node.isString()) {
        return ScalarType.STRING;
      }
      if (node.isBoolean()) {
        return ScalarType.BOOLEAN;
      }
      return null;
    }

    @Override
    public Object getValue() {
      if (node.isNumber()) {
        return node.numberValue();
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      return getAsString();
    }

    @Override
    public Number getAsNumber() {
      return node.isNumber() ? node.numberValue() : null;
    }

    @Override
    public String getAsString() {
      if (node instanceof DecimalNode) {
        return node.decimalValue().toPlainString();
      }
      if (node.isString()) {
        return node.stringValue();
      }
      if (node.isNull()) {
        return "null"; // as Jackson 2's asText(), which HAPI's adapter uses
      }
      return node.asString();
    }

    @Override
    public boolean getAsBoolean() {
      return node.isBoolean() ? node.booleanValue() : super.getAsBoolean();
    }
  }
}
