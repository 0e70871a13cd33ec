package io.gitops.gateway.render;

import io.gitops.gateway.tree.DeepCopy;
import io.gitops.gateway.tree.ListMergeKeys;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch for the common built-in kinds: maps merge recursively, {@code null} deletes
 * a key, lists of objects merge by their merge key ({@link ListMergeKeys}, the table the drift
 * rules use too), other lists are replaced. {@code $patch: delete} and {@code $patch: replace}
 * directives work on maps and list items. Custom resources get JSON merge patch semantics (lists
 * replaced), as with kustomize, which knows no schema for them.
 */
final class StrategicMerge {
  private static final Set<String> BUILT_IN_GROUPS =
      Set.of(
          "",
          "apps",
          "batch",
          "policy",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "autoscaling",
          "storage.k8s.io",
          "scheduling.k8s.io",
          "coordination.k8s.io",
          "admissionregistration.k8s.io",
          "apiextensions.k8s.io",
          "discovery.k8s.io",
          "node.k8s.io");

  private StrategicMerge() {}

  static boolean isBuiltIn(String group) {
    return BUILT_IN_GROUPS.contains(group);
  }

  /** Merges {@code patch} into {@code target} in place. */
  static void merge(Map<String, Object> target, Map<String, Object> patch, boolean strategic) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.equals("$patch")
          || key.startsWith("$setElementOrder")
          || key.startsWith("$retainKeys")) {
        continue;
      }
      if (value == null) {
        target.remove(key);
      } else if (value instanceof Map<?, ?> pm && isDirective(pm, "delete")) {
        target.remove(key);
      } else if (value instanceof Map<?, ?> pm && isDirective(pm, "replace")) {
        Map<String, Object> copy = DeepCopy.of(KustomizeFields.asMap(pm));
        copy.remove("$patch");
        target.put(key, copy);
      } else if (value instanceof Map<?, ?> pm && target.get(key) instanceof Map<?, ?> tm) {
        merge(KustomizeFields.asMap(tm), KustomizeFields.asMap(pm), strategic);
      } else if (strategic
          && value instanceof List<?> pl
          && target.get(key) instanceof List<?> tl) {
        target.put(key, mergeList(key, tl, pl));
      } else {
        target.put(key, stripDirectives(DeepCopy.of(value)));
      }
    }
  }

  private static List<Object> mergeList(String field, List<?> target, List<?> patch) {
    String mergeKey = ListMergeKeys.keyFor(field, patch);
    if (mergeKey == null || !allMapsWith(target, mergeKey)) {
      return stripDirectives(DeepCopy.of(new ArrayList<Object>(patch)));
    }
    List<Object> out = DeepCopy.of(new ArrayList<Object>(target));
    for (Object item : patch) {
      Map<String, Object> patchItem = KustomizeFields.asMap((Map<?, ?>) item);
      Object id = patchItem.get(mergeKey);
      Map<String, Object> existing = null;
      Iterator<Object> it = out.iterator();
      while (it.hasNext()) {
        Map<String, Object> candidate = KustomizeFields.asMap((Map<?, ?>) it.next());
        if (id != null && id.equals(candidate.get(mergeKey))) {
          if (isDirective(patchItem, "delete")) {
            it.remove();
          } else {
            existing = candidate;
          }
          break;
        }
      }
      if (existing != null) {
        merge(existing, patchItem, true);
      } else if (!isDirective(patchItem, "delete")) {
        out.add(stripDirectives(DeepCopy.of(patchItem)));
      }
    }
    return out;
  }

  private static boolean allMapsWith(List<?> list, String key) {
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m) || !m.containsKey(key)) {
        return false;
      }
    }
    return true;
  }

  static boolean isDirective(Map<?, ?> map, String directive) {
    return directive.equals(map.get("$patch"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T stripDirectives(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = (Map<String, Object>) map;
      m.keySet()
          .removeIf(
              k ->
                  k.equals("$patch")
                      || k.startsWith("$setElementOrder")
                      || k.startsWith("$retainKeys"));
      m.values().forEach(StrategicMerge::stripDirectives);
    } else if (value instanceof List<?> list) {
      list.forEach(StrategicMerge::stripDirectives);
    }
    return value;
  }

  static Map<String, Object> copyWithoutDirectives(Map<String, Object> patch) {
    return stripDirectives(DeepCopy.of(new LinkedHashMap<>(patch)));
  }
}
