package io.gitops.gateway.diff;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Walks what Git sets and checks live holds the same. Fields Git does not set are not looked at: the
 * server's defaults and other controllers' additions are not drift. {@code null} and absent are the
 * same; an empty map or list in Git is satisfied by an absent one live.
 */
final class DesiredCompare {
  private DesiredCompare() {}

  static void compare(Object desired, Object live, String path, String parentField, String field, Collection<String> out) {
    if (desired == null) {
      return;
    }
    if (desired instanceof Map<?, ?> dm) {
      if (dm.isEmpty()) {
        return;
      }
      Map<String, Object> lm = Tree.asMap(live);
      if (lm == null) {
        out.add(path);
        return;
      }
      for (Map.Entry<String, Object> e : Tree.asMap(dm).entrySet()) {
        compare(e.getValue(), lm.get(e.getKey()), JsonPointers.child(path, e.getKey()), field, e.getKey(), out);
      }
    } else if (desired instanceof List<?> dl) {
      List<Object> ll = Tree.asList(live);
      if (ll == null) {
        if (!dl.isEmpty()) {
          out.add(path);
        }
        return;
      }
      String key = MergeKeys.keyFor(field, Tree.asList(dl));
      if (key != null) {
        compareByKey(Tree.asList(dl), ll, key, path, field, out);
      } else if (dl.size() != ll.size()) {
        out.add(path);
      } else {
        for (int i = 0; i < dl.size(); i++) {
          compare(dl.get(i), ll.get(i), JsonPointers.child(path, i), parentField, field, out);
        }
      }
    } else if (live == null || !Values.equal(desired, live, MergeKeys.holdsQuantities(parentField, field))) {
      out.add(path);
    }
  }

  private static void compareByKey(List<Object> dl, List<Object> ll, String key, String path, String field, Collection<String> out) {
    for (int i = 0; i < dl.size(); i++) {
      Object keyValue = Tree.child(dl.get(i), key);
      int li = indexOf(ll, key, keyValue);
      if (li < 0) {
        out.add(JsonPointers.child(path, i));
      } else {
        compare(dl.get(i), ll.get(li), JsonPointers.child(path, li), field, "", out);
      }
    }
  }

  static int indexOf(List<Object> list, String key, Object keyValue) {
    for (int i = 0; i < list.size(); i++) {
      Object v = Tree.child(list.get(i), key);
      if (v != null && Values.equal(keyValue, v, false)) {
        return i;
      }
    }
    return -1;
  }
}
