package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One owned field in the {@code fieldsV1} vocabulary: a list of elements such as {@code f:spec},
 * {@code k:{"name":"app"}} (an item of an associative list) and {@code .} (the item itself).
 */
record FieldPath(List<String> elements) {
  static final String ITEM = ".";

  FieldPath child(String element) {
    List<String> next = new ArrayList<>(elements);
    next.add(element);
    return new FieldPath(List.copyOf(next));
  }

  boolean isItemMarker() {
    return !elements.isEmpty() && elements.get(elements.size() - 1).equals(ITEM);
  }

  boolean isUnder(FieldPath prefix) {
    return elements.size() > prefix.elements.size()
        && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
  }

  /**
   * The path as a user reads it in a conflict message: {@code
   * .spec.template.spec.containers[name="app"].image}.
   */
  String display() {
    StringBuilder sb = new StringBuilder();
    for (String e : elements) {
      if (e.startsWith("f:")) {
        sb.append('.').append(e.substring(2));
      } else if (e.startsWith("k:")) {
        JsonNode key = Json.parse(e.substring(2));
        List<String> parts = new ArrayList<>();
        key.fields().forEachRemaining(f -> parts.add(f.getKey() + "=" + f.getValue()));
        sb.append('[').append(String.join(",", parts)).append(']');
      }
    }
    return sb.toString();
  }

  static String keyElement(JsonNode item, List<String> keys) {
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (String k : keys) {
      if (item.has(k)) {
        sorted.put(k, item.get(k));
      }
    }
    return "k:" + Json.write(Json.MAPPER.valueToTree(sorted));
  }

  /** The value at this path in {@code root}, or null when absent; for an item marker, the item. */
  JsonNode find(JsonNode root) {
    JsonNode node = root;
    for (String e : elements) {
      if (node == null) {
        return null;
      }
      node = step(node, e);
    }
    return node;
  }

  /**
   * Removes the value at this path (the whole item for an item marker); true when something was
   * removed.
   */
  boolean remove(JsonNode root) {
    List<String> path = isItemMarker() ? elements.subList(0, elements.size() - 1) : elements;
    if (path.isEmpty()) {
      return false;
    }
    JsonNode parent = new FieldPath(path.subList(0, path.size() - 1)).find(root);
    String last = path.get(path.size() - 1);
    if (last.startsWith("f:") && parent instanceof ObjectNode o) {
      return o.remove(last.substring(2)) != null;
    }
    if (last.startsWith("k:") && parent instanceof ArrayNode a) {
      JsonNode key = Json.parse(last.substring(2));
      for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
        if (matches(it.next(), key)) {
          it.remove();
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode step(JsonNode node, String e) {
    if (e.equals(ITEM)) {
      return node;
    }
    if (e.startsWith("f:")) {
      return node.get(e.substring(2));
    }
    if (e.startsWith("k:") && node.isArray()) {
      JsonNode key = Json.parse(e.substring(2));
      for (JsonNode item : node) {
        if (matches(item, key)) {
          return item;
        }
      }
    }
    return null;
  }

  private static boolean matches(JsonNode item, JsonNode key) {
    for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> k = it.next();
      if (!k.getValue().equals(item.get(k.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
