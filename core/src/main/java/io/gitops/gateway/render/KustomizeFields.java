package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed reads of kustomization fields with errors that name the file and the field. */
final class KustomizeFields {
  private KustomizeFields() {}

  static void requireKnown(Map<String, Object> map, Set<String> known, String file, String what)
      throws RenderException {
    for (String key : map.keySet()) {
      if (!known.contains(key)) {
        throw new RenderException(file + ": field '" + key + "' in " + what + " is not supported");
      }
    }
  }

  static String text(Object value, String file, String field) throws RenderException {
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new RenderException(file + ": '" + field + "' must be a non-empty string");
  }

  static List<String> strings(Object value, String file, String field) throws RenderException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(file + ": '" + field + "' must be a list");
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String) && !(item instanceof Number) && !(item instanceof Boolean)) {
        throw new RenderException(file + ": '" + field + "' must be a list of strings");
      }
      out.add(String.valueOf(item));
    }
    return out;
  }

  static List<Map<String, Object>> mapList(Object value, String file, String field)
      throws RenderException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(file + ": '" + field + "' must be a list");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new RenderException(file + ": every entry of '" + field + "' must be a mapping");
      }
      out.add(asMap(m));
    }
    return out;
  }

  static Map<String, String> stringMap(Object value, String file, String field)
      throws RenderException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new RenderException(file + ": '" + field + "' must be a mapping");
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
