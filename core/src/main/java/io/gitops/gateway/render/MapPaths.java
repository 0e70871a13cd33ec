package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers to walk and create nested map fields in plain Kubernetes objects. */
final class MapPaths {
  private MapPaths() {}

  /** The map at {@code path}, created when missing and {@code create} is set; null otherwise. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> root, boolean create, String... path) {
    Map<String, Object> current = root;
    for (String key : path) {
      Object next = current.get(key);
      if (next instanceof Map<?, ?> m) {
        current = (Map<String, Object>) m;
      } else if (create && next == null) {
        Map<String, Object> created = new LinkedHashMap<>();
        current.put(key, created);
        current = created;
      } else {
        return null;
      }
    }
    return current;
  }

  /** The maps in the list at {@code path}, or none. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> mapList(Map<String, Object> root, String... path) {
    Map<String, Object> parent =
        path.length == 1 ? root : map(root, false, java.util.Arrays.copyOf(path, path.length - 1));
    if (parent == null || !(parent.get(path[path.length - 1]) instanceof List<?> list)) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> m) {
        out.add((Map<String, Object>) m);
      }
    }
    return out;
  }
}
