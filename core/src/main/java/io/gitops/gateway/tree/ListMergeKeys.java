package io.gitops.gateway.tree;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which lists of a Kubernetes object merge element by element, and by which key: the API's {@code
 * patchMergeKey}s, in one table for the Kustomize strategic merge (render) and the drift rules
 * (diff), so that what a patch merges and what a comparison tolerates cannot disagree. A list
 * without a key is atomic: a patch replaces it, a comparison takes it whole.
 *
 * <p>Most lists of objects merge by {@code name} (containers, env, volumes, imagePullSecrets); the
 * exceptions are the table below, the two kinds of {@code ports} (a container's by {@code
 * containerPort}, a Service's by {@code port}), and the lists of named objects Kubernetes declares
 * atomic (a RoleBinding's {@code subjects}: a subject someone added is a change, not a tolerated
 * extra).
 */
public final class ListMergeKeys {
  private static final Map<String, String> BY_FIELD =
      Map.ofEntries(
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("hostAliases", "ip"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"));

  /** Lists Kubernetes replaces whole even where their elements carry a name. */
  private static final Set<String> ATOMIC = Set.of("subjects", "rules", "args", "command");

  private ListMergeKeys() {}

  /**
   * The merge key of the list {@code field} holding {@code elements}, or null when it is atomic or
   * when not every element is an object carrying the key.
   */
  public static String keyFor(String field, List<?> elements) {
    if (ATOMIC.contains(field)) {
      return null;
    }
    String known = BY_FIELD.get(field);
    if (known != null) {
      return allHave(elements, known) ? known : null;
    }
    if (field.equals("ports")) {
      if (allHave(elements, "containerPort")) {
        return "containerPort";
      }
      return allHave(elements, "port") ? "port" : null;
    }
    return allHave(elements, "name") ? "name" : null;
  }

  private static boolean allHave(List<?> elements, String key) {
    if (elements.isEmpty()) {
      return false;
    }
    for (Object o : elements) {
      if (!(o instanceof Map<?, ?> m) || m.get(key) == null) {
        return false;
      }
    }
    return true;
  }
}
