package io.gitops.gateway.diff;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which lists Kubernetes merges element by element, and by which key (its strategic-merge
 * patchMergeKey). Such lists tolerate elements that others added (an injected sidecar or env var);
 * every other list is compared as a whole, position by position.
 */
final class MergeKeys {
  private static final Map<String, String> BY_FIELD =
      Map.ofEntries(
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("hostAliases", "ip"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("conditions", "type"));

  /** Fields whose quantity values compare by amount. */
  private static final Set<String> QUANTITY_PARENTS =
      Set.of(
          "limits",
          "requests",
          "capacity",
          "allocatable",
          "hard",
          "overhead",
          "default",
          "defaultRequest",
          "max",
          "min",
          "maxLimitRequestRatio");

  private static final Set<String> QUANTITY_FIELDS = Set.of("storage", "sizeLimit", "divisor");

  private MergeKeys() {}

  /** The merge key of a list field, or null when the list is atomic (compared positionally). */
  static String keyFor(String field, List<Object> elements) {
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

  private static boolean allHave(List<Object> elements, String key) {
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

  static boolean holdsQuantities(String parentField, String field) {
    return QUANTITY_PARENTS.contains(parentField) || QUANTITY_FIELDS.contains(field);
  }
}
