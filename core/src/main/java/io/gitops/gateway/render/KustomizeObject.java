package io.gitops.gateway.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object while a kustomization is built: mutable, with the name it was loaded under (patch and
 * replica targets may use it) and whether it still needs a content-hash suffix.
 */
final class KustomizeObject {
  Map<String, Object> object;
  final String origin;
  final String originalName;
  boolean needsHash;

  KustomizeObject(Map<String, Object> object, String origin) {
    this.object = object;
    this.origin = origin;
    this.originalName = name();
  }

  String kind() {
    return object.get("kind") instanceof String k ? k : "";
  }

  String apiVersion() {
    return object.get("apiVersion") instanceof String v ? v : "";
  }

  String group() {
    String v = apiVersion();
    int slash = v.indexOf('/');
    return slash < 0 ? "" : v.substring(0, slash);
  }

  String version() {
    String v = apiVersion();
    return v.substring(v.indexOf('/') + 1);
  }

  String name() {
    return metadata().get("name") instanceof String n ? n : "";
  }

  String namespace() {
    return metadata().get("namespace") instanceof String n ? n : "";
  }

  void setName(String name) {
    metadata().put("name", name);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> metadata() {
    Object metadata = object.get("metadata");
    if (metadata instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    object.put("metadata", created);
    return created;
  }

  boolean hasName(String name) {
    return name.equals(name()) || name.equals(originalName);
  }

  String describe() {
    return kind() + "/" + name() + " (from " + origin + ")";
  }
}
