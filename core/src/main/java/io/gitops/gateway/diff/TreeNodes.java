package io.gitops.gateway.diff;

import io.gitops.gateway.tree.DeepCopy;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Helpers over Jackson-style trees (maps, lists, scalars). Removal is two-phase: nodes are first
 * replaced by a marker, then purged, so that removing several elements of one list does not shift
 * the indexes the later removals were computed against.
 */
final class TreeNodes {
  static final Object REMOVED =
      new Object() {
        @Override
        public String toString() {
          return "<removed>";
        }
      };

  private TreeNodes() {}

  static Object deepCopy(Object node) {
    return DeepCopy.of(node);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object node) {
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object node) {
    return node instanceof List<?> l ? (List<Object>) l : null;
  }

  static Object child(Object node, String key) {
    Map<String, Object> map = asMap(node);
    return map == null ? null : map.get(key);
  }

  /** Replaces the node at the given segments (map keys or list indexes) by the marker. */
  static void mark(Object root, List<Object> segments) {
    if (segments.isEmpty()) {
      return;
    }
    Object parent = root;
    for (int i = 0; i < segments.size() - 1 && parent != null; i++) {
      parent = step(parent, segments.get(i));
    }
    Object last = segments.get(segments.size() - 1);
    if (parent instanceof Map<?, ?>
        && last instanceof String key
        && asMap(parent).containsKey(key)) {
      asMap(parent).put(key, REMOVED);
    } else if (parent instanceof List<?> list
        && last instanceof Integer index
        && index < list.size()) {
      asList(parent).set(index, REMOVED);
    }
  }

  static Object step(Object node, Object segment) {
    if (segment instanceof String key) {
      return child(node, key);
    }
    List<Object> list = asList(node);
    int index = (Integer) segment;
    return list != null && index < list.size() ? list.get(index) : null;
  }

  /** Drops every marked node. */
  static void purge(Object node) {
    if (node instanceof Map<?, ?>) {
      Iterator<Map.Entry<String, Object>> it = asMap(node).entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, Object> e = it.next();
        if (e.getValue() == REMOVED) {
          it.remove();
        } else {
          purge(e.getValue());
        }
      }
    } else if (node instanceof List<?>) {
      List<Object> list = asList(node);
      list.removeIf(o -> o == REMOVED);
      list.forEach(TreeNodes::purge);
    }
  }

  static boolean isEmptyCollection(Object node) {
    return (node instanceof Map<?, ?> m && m.isEmpty())
        || (node instanceof List<?> l && l.isEmpty());
  }
}
