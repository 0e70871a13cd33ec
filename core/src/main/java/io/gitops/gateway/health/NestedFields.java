package io.gitops.gateway.health;

import java.util.List;
import java.util.Map;

/** Null-safe reads of nested fields of an object given as plain maps. */
final class NestedFields {
  private NestedFields() {}

  static Object get(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String... path) {
    return get(node, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String... path) {
    return get(node, path) instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static String string(Object node, String... path) {
    Object value = get(node, path);
    return value == null ? "" : String.valueOf(value);
  }

  /** A whole number, or the fallback when absent or not a number. */
  static long number(Object node, long fallback, String... path) {
    Object value = get(node, path);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  static boolean isTrue(Object node, String... path) {
    Object value = get(node, path);
    return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
  }

  /** The first status condition of the given type, or an empty map. */
  static Map<String, Object> condition(Object object, String type) {
    for (Object c : list(object, "status", "conditions")) {
      if (type.equals(string(c, "type"))) {
        return map(c);
      }
    }
    return Map.of();
  }

  static String group(Map<String, Object> object) {
    String apiVersion = string(object, "apiVersion");
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
