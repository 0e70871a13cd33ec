package io.gitops.gateway.sync.plan;

import io.gitops.gateway.diff.IgnoreRule;
import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code RespectIgnoreDifferences=true}: an object is applied with the live values of the fields
 * the app's ignoreDifferences name by JSON pointer (an HPA's {@code /spec/replicas}), so a sync
 * does not undo what the app chose to ignore. A field the live object lacks is left out of what is
 * applied. JQ paths and managedFieldsManagers rules are not read here (see
 * docs/argocd-migration.md).
 */
public final class RespectIgnored {
  private RespectIgnored() {}

  /** A copy of {@code desired} with the ignored fields taken from {@code live}. */
  public static Map<String, Object> merge(
      Map<String, Object> desired, Map<String, Object> live, List<IgnoreRule> rules) {
    if (live == null || rules.isEmpty()) {
      return desired;
    }
    ResourceKey key = ResourceKey.of(desired);
    Map<String, Object> out = ObjectMaps.deepCopy(desired);
    for (IgnoreRule rule : rules) {
      if (!rule.appliesTo(key)) {
        continue;
      }
      for (String pointer : rule.jsonPointers()) {
        List<String> path = parse(pointer);
        if (path.isEmpty()) {
          continue;
        }
        Object value = get(live, path);
        set(out, path, value == null ? null : ObjectMaps.deepCopy(value));
      }
    }
    return out;
  }

  static List<String> parse(String pointer) {
    List<String> out = new ArrayList<>();
    for (String part : pointer.split("/", -1)) {
      out.add(part.replace("~1", "/").replace("~0", "~"));
    }
    return out.isEmpty() ? out : out.subList(1, out.size());
  }

  private static Object get(Object node, List<String> path) {
    for (String part : path) {
      if (node instanceof Map<?, ?> m) {
        node = m.get(part);
      } else if (node instanceof List<?> l && part.matches("[0-9]+")) {
        int i = Integer.parseInt(part);
        node = i < l.size() ? l.get(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  /** Sets (or, for null, removes) the value at path; a missing parent map is created. */
  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> root, List<String> path, Object value) {
    Object node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      String part = path.get(i);
      if (node instanceof Map<?, ?> m) {
        Object next = m.get(part);
        if (next == null) {
          if (value == null) {
            return;
          }
          next = new java.util.LinkedHashMap<String, Object>();
          ((Map<String, Object>) m).put(part, next);
        }
        node = next;
      } else if (node instanceof List<?> l && part.matches("[0-9]+")) {
        int index = Integer.parseInt(part);
        if (index >= l.size()) {
          return;
        }
        node = l.get(index);
      } else {
        return;
      }
    }
    String last = path.get(path.size() - 1);
    if (node instanceof Map<?, ?> m) {
      if (value == null) {
        m.remove(last);
      } else {
        ((Map<String, Object>) m).put(last, value);
      }
    } else if (node instanceof List<?> l
        && last.matches("[0-9]+")
        && Integer.parseInt(last) < l.size()
        && value != null) {
      ((List<Object>) l).set(Integer.parseInt(last), value);
    }
  }
}
