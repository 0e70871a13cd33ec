package io.gitops.gateway.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The simulator's one place for (de)serialising request and stored bodies. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {}

  /** Parses a JSON (or, since JSON is YAML, a YAML) body that must be an object. */
  static ObjectNode parseObject(String body, boolean yaml) {
    JsonNode node;
    try {
      node = (yaml ? YAML : MAPPER).readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw SimulatorError.badRequest(
          "the request body is not valid "
              + (yaml ? "YAML" : "JSON")
              + ": "
              + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw SimulatorError.badRequest("the request body must be a single object");
    }
    return (ObjectNode) node;
  }

  static JsonNode parse(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw SimulatorError.badRequest(
          "the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Value equality that, unlike JsonNode.equals, treats an int and a long of the same value as
   * equal.
   */
  static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(b) || write(a).equals(write(b));
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The object at {@code field}, created when absent. */
  static ObjectNode with(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    if (child instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }

  static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    return n == null || n.isNull() ? null : n.asText();
  }
}
