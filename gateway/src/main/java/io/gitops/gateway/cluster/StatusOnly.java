package io.gitops.gateway.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an update changed only what the server and controllers own (status, resourceVersion,
 * managedFields). Such an update cannot be drift; it matters only if it changes the object's
 * health, which the caller decides.
 */
final class StatusOnly {
  private StatusOnly() {}

  static boolean change(Map<String, Object> before, Map<String, Object> after) {
    return Objects.equals(strip(before), strip(after));
  }

  private static Map<String, Object> strip(Map<String, Object> object) {
    Map<String, Object> copy = new HashMap<>(object);
    copy.remove("status");
    if (copy.get("metadata") instanceof Map<?, ?> md) {
      Map<Object, Object> metadata = new HashMap<>(md);
      metadata.remove("resourceVersion");
      metadata.remove("managedFields");
      copy.put("metadata", metadata);
    }
    return copy;
  }
}
