package io.gitops.gateway.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable deep copies of plain map/list trees, so transformations never touch shared data. */
public final class DeepCopy {
  private DeepCopy() {}

  @SuppressWarnings("unchecked")
  public static <T> T of(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
      return (T) out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(of(item));
      }
      return (T) out;
    }
    return value;
  }
}
