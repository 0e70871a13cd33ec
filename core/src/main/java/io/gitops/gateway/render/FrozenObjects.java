package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies that cannot be changed, so that one cached render can be shared safely. */
final class FrozenObjects {
  private FrozenObjects() {}

  static List<Map<String, Object>> freezeAll(List<Map<String, Object>> objects) {
    List<Map<String, Object>> out = new ArrayList<>(objects.size());
    for (Map<String, Object> object : objects) {
      out.add(freezeMap(object));
    }
    return Collections.unmodifiableList(out);
  }

  @SuppressWarnings("unchecked")
  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      return freezeMap((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(freeze(item));
      }
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  private static Map<String, Object> freezeMap(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
    map.forEach((k, v) -> out.put(k, freeze(v)));
    return Collections.unmodifiableMap(out);
  }
}
