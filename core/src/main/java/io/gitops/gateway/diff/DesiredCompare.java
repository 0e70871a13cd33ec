package io.gitops.gateway.diff;

import io.gitops.gateway.tree.ListMergeKeys;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Walks what Git sets and checks live holds the same. Fields Git does not set are not looked at:
 * the server's defaults and other controllers' additions are not drift. {@code null} and absent are
 * the same; an empty map or list in Git is satisfied by an absent one live.
 *
 * <p>The JSON pointer of the current node is kept in one StringBuilder (appended on the way down,
 * truncated on the way up) so that an in-sync compare, the common case, builds no strings.
 */
final class DesiredCompare {
  private DesiredCompare() {}

  static void compare(
      Object desired,
      Object live,
      String path,
      String parentField,
      String field,
      Collection<String> out) {
    walk(desired, live, new StringBuilder(path), parentField, field, out);
  }

  private static void walk(
      Object desired,
      Object live,
      StringBuilder path,
      String parentField,
      String field,
      Collection<String> out) {
    if (desired == null) {
      return;
    }
    if (desired instanceof Map<?, ?> dm) {
      if (dm.isEmpty()) {
        return;
      }
      Map<String, Object> lm = TreeNodes.asMap(live);
      if (lm == null) {
        out.add(path.toString());
        return;
      }
      int mark = path.length();
      for (Map.Entry<String, Object> e : TreeNodes.asMap(dm).entrySet()) {
        appendKey(path, e.getKey());
        walk(e.getValue(), lm.get(e.getKey()), path, field, e.getKey(), out);
        path.setLength(mark);
      }
    } else if (desired instanceof List<?> dl) {
      List<Object> ll = TreeNodes.asList(live);
      if (ll == null) {
        if (!dl.isEmpty()) {
          out.add(path.toString());
        }
        return;
      }
      String key = ListMergeKeys.keyFor(field, TreeNodes.asList(dl));
      if (key != null) {
        compareByKey(TreeNodes.asList(dl), ll, key, path, field, out);
      } else if (dl.size() != ll.size()) {
        out.add(path.toString());
      } else {
        int mark = path.length();
        for (int i = 0; i < dl.size(); i++) {
          path.append('/').append(i);
          walk(dl.get(i), ll.get(i), path, parentField, field, out);
          path.setLength(mark);
        }
      }
    } else if (live == null
        || !ScalarEquality.equal(
            desired, live, QuantityFields.holdsQuantities(parentField, field))) {
      out.add(path.toString());
    }
  }

  private static void compareByKey(
      List<Object> dl,
      List<Object> ll,
      String key,
      StringBuilder path,
      String field,
      Collection<String> out) {
    int mark = path.length();
    for (int i = 0; i < dl.size(); i++) {
      Object keyValue = TreeNodes.child(dl.get(i), key);
      int li = indexOf(ll, key, keyValue);
      if (li < 0) {
        out.add(path.append('/').append(i).toString());
      } else {
        path.append('/').append(li);
        walk(dl.get(i), ll.get(li), path, field, "", out);
      }
      path.setLength(mark);
    }
  }

  private static void appendKey(StringBuilder path, String key) {
    path.append('/');
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
      path.append(key);
    } else {
      path.append(key.replace("~", "~0").replace("/", "~1"));
    }
  }

  static int indexOf(List<Object> list, String key, Object keyValue) {
    for (int i = 0; i < list.size(); i++) {
      Object v = TreeNodes.child(list.get(i), key);
      if (v != null && ScalarEquality.equal(keyValue, v, false)) {
        return i;
      }
    }
    return -1;
  }
}
