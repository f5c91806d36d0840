package org.hemacds.security;

import java.time.Instant;
import java.util.List;
import org.hemacds.fuzz.Choices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JWT headers and claim sets for fuzzing: each field is either the valid value, left out, or a
 * fuzzed value of any JSON type, so that every check of the verifier meets both good and bad input.
 */
final class JwtParts {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JSON.getNodeFactory();

  private static final List<String> ALGS =
      List.of("ES384", "ES256", "RS384", "PS256", "HS256", "none", "EdDSA", "", "es384");

  private JwtParts() {}

  static String header(Choices c, String kid) {
    ObjectNode h = NODES.objectNode();
    put(c, h, "alg", NODES.stringNode(c.oneOf(ALGS)));
    put(c, h, "typ", NODES.stringNode(c.flip() ? "JWT" : "jwt"));
    put(c, h, "kid", NODES.stringNode(kid));
    if (c.pick(4) == 0) {
      h.set("jku", c.flip() ? NODES.stringNode("https://evil.example/jwks") : any(c));
    }
    if (c.pick(6) == 0) {
      h.set("crit", NODES.arrayNode().add(c.anyString(8)));
    }
    if (c.pick(6) == 0) {
      h.set(c.anyString(6), any(c));
    }
    return JSON.writeValueAsString(h);
  }

  static String claims(Choices c, String iss, String aud, Instant now) {
    ObjectNode claims = NODES.objectNode();
    put(c, claims, "iss", NODES.stringNode(iss));
    put(c, claims, "sub", NODES.stringNode("client"));
    ArrayNode audiences = NODES.arrayNode().add(aud);
    put(c, claims, "aud", c.flip() ? NODES.stringNode(aud) : audiences);
    long seconds = now.getEpochSecond();
    put(c, claims, "iat", NODES.numberNode(seconds));
    put(c, claims, "exp", NODES.numberNode(seconds + 300));
    if (c.pick(3) == 0) {
      claims.set("nbf", c.flip() ? NODES.numberNode(seconds) : any(c));
    }
    put(c, claims, "jti", NODES.stringNode(Long.toHexString(c.anyLong())));
    if (c.pick(4) == 0) {
      claims.set("tenant", any(c));
    }
    return JSON.writeValueAsString(claims);
  }

  /** The valid value (most often), no field, or any JSON value. */
  private static void put(Choices c, ObjectNode node, String name, JsonNode valid) {
    switch (c.pick(6)) {
      case 0 -> {}
      case 1 -> node.set(name, any(c));
      default -> node.set(name, valid);
    }
  }

  static JsonNode any(Choices c) {
    return switch (c.pick(12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(c.flip());
      case 2 -> NODES.numberNode(c.anyLong());
      case 3 -> NODES.numberNode(c.anyDouble());
      case 4 -> NODES.numberNode(new java.math.BigDecimal("1E+" + c.pick(500)));
      case 5 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + c.pick(60))));
      case 6 -> NODES.objectNode().set(c.anyString(5), NODES.stringNode(c.anyString(10)));
      case 7 -> {
        ArrayNode array = NODES.arrayNode();
        int n = c.pick(4);
        for (int i = 0; i < n; i++) {
          array.add(c.flip() ? NODES.nullNode() : any(c));
        }
        yield array;
      }
      case 8 -> NODES.stringNode("http://localhost:8080/cds-services/hematology-order-select");
      case 9 -> NODES.stringNode("https://localhost:80:80/%zz");
      default -> NODES.stringNode(c.anyString(30));
    };
  }
}
