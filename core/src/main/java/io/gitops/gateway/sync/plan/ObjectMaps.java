package io.gitops.gateway.sync.plan;

import io.gitops.gateway.tree.DeepCopy;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over Kubernetes objects as nested maps. */
final class ObjectMaps {
  private ObjectMaps() {}

  static Map<?, ?> annotations(Map<String, Object> o) {
    if (o.get("metadata") instanceof Map<?, ?> md && md.get("annotations") instanceof Map<?, ?> a) {
      return a;
    }
    return Map.of();
  }

  /** A deep, mutable copy, so preparing an object never changes the cached render. */
  static <T> T deepCopy(T value) {
    return DeepCopy.of(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> child(Map<String, Object> parent, String key) {
    Object existing = parent.get(key);
    if (existing instanceof Map<?, ?>) {
      return (Map<String, Object>) existing;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }
}
