package io.gitops.gateway.render;

import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.plan.Hooks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last gate of every render: each object is identifiable and appears once (a hook with only a
 * {@code generateName} is named later, by the sync stage).
 */
final class ObjectChecks {
  private ObjectChecks() {}

  static List<Map<String, Object>> check(List<SourcedObject> objects, RenderLimits limits)
      throws RenderException {
    if (objects.size() > limits.maxObjects()) {
      throw new RenderException(
          "render produced "
              + objects.size()
              + " objects, over the limit of "
              + limits.maxObjects());
    }
    Map<ResourceKey, String> seen = new HashMap<>();
    List<Map<String, Object>> out = new ArrayList<>(objects.size());
    for (SourcedObject sourced : objects) {
      Map<String, Object> object = sourced.object();
      requireText(object.get("apiVersion"), "apiVersion", sourced);
      requireText(object.get("kind"), "kind", sourced);
      Object metadata = object.get("metadata");
      if (!(metadata instanceof Map<?, ?> meta)) {
        throw new RenderException(
            sourced.origin() + ": " + object.get("kind") + " has no metadata");
      }
      if (generatedHook(meta, object)) {
        // named once the app and revision are known (HookNames); its prefix must fit a name
        String problem =
            KubernetesNames.nameProblem(
                "", "Job", String.valueOf(meta.get("generateName")).replaceAll("-+$", ""));
        if (problem != null) {
          throw new RenderException(sourced.origin() + ": metadata.generateName: " + problem);
        }
        out.add(object);
        continue;
      }
      requireText(meta.get("name"), "metadata.name", sourced);
      ResourceKey key = ResourceKey.of(object);
      requireKubernetesNames(object, key, sourced);
      String previous = seen.putIfAbsent(key, sourced.origin());
      if (previous != null) {
        throw new RenderException(
            "duplicate object "
                + key
                + " in "
                + previous
                + (previous.equals(sourced.origin()) ? " (twice)" : " and " + sourced.origin()));
      }
      out.add(object);
    }
    return out;
  }

  /** A hook with {@code generateName} and no name (Argo CD allows it for hooks only). */
  private static boolean generatedHook(Map<?, ?> meta, Map<String, Object> object) {
    Object name = meta.get("name");
    Object prefix = meta.get("generateName");
    return (name == null || String.valueOf(name).isBlank())
        && prefix instanceof String p
        && !p.isBlank()
        && Hooks.isHook(object);
  }

  /**
   * Names, namespaces and types become parts of API URLs: checked here, where every source's
   * objects pass, so a new source type inherits the rule. A namespace left empty is filled in later
   * from the app's destination, which the sync stage checks the same way.
   */
  private static void requireKubernetesNames(
      Map<String, Object> object, ResourceKey key, SourcedObject sourced) throws RenderException {
    String problem =
        KubernetesNames.typeProblem(String.valueOf(object.get("apiVersion")), key.kind());
    if (problem == null) {
      problem = KubernetesNames.nameProblem(key.group(), key.kind(), key.name());
    }
    if (problem == null && !key.namespace().isEmpty()) {
      problem = KubernetesNames.namespaceProblem(key.namespace());
    }
    if (problem != null) {
      throw new RenderException(
          sourced.origin()
              + ": "
              + key.kind()
              + " "
              + KubernetesNames.quoted(key.name())
              + ": "
              + problem);
    }
  }

  private static void requireText(Object value, String field, SourcedObject sourced)
      throws RenderException {
    if (!(value instanceof String s) || s.isBlank()) {
      Object kind = sourced.object().get("kind");
      throw new RenderException(
          sourced.origin()
              + ": "
              + (kind instanceof String k ? k + " object" : "object")
              + " has no "
              + field);
    }
  }
}
