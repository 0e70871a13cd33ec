package io.gitops.gateway.health.lua;

import java.util.Map;
import java.util.Optional;

/** The API group ("" for core) and kind of a Kubernetes object. */
record GroupKind(String group, String kind) {
  /** From apiVersion ("group/version" or "v1") and kind; empty when either is missing. */
  static Optional<GroupKind> of(Map<String, Object> object) {
    if (!(object.get("apiVersion") instanceof String apiVersion)
        || !(object.get("kind") instanceof String kind)) {
      return Optional.empty();
    }
    int slash = apiVersion.indexOf('/');
    return Optional.of(new GroupKind(slash < 0 ? "" : apiVersion.substring(0, slash), kind));
  }
}
