package io.gitops.gateway.model;

import java.util.Map;

/** Identifies one Kubernetes object; namespace is "" for cluster-scoped kinds. */
public record ResourceKey(String group, String kind, String namespace, String name) {

  public ResourceKey {
    group = group == null ? "" : group;
    namespace = namespace == null ? "" : namespace;
  }

  /**
   * Reads the key of an object given as a plain map (apiVersion, kind, metadata.name/namespace).
   */
  public static ResourceKey of(Map<String, Object> object) {
    String apiVersion = String.valueOf(object.getOrDefault("apiVersion", ""));
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    return new ResourceKey(
        group,
        String.valueOf(object.get("kind")),
        metadata.get("namespace") == null ? "" : String.valueOf(metadata.get("namespace")),
        String.valueOf(metadata.get("name")));
  }

  @Override
  public String toString() {
    String gk = group.isEmpty() ? kind : kind + "." + group;
    return namespace.isEmpty() ? gk + "/" + name : gk + "/" + namespace + "/" + name;
  }
}
