package io.gitops.gateway.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.gateway.tree.ListMergeKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets of fields in the API server's fieldsV1 notation ({"f:spec":{"f:replicas":{}}}, list elements
 * as {@code k:{"name":"web"}} or {@code v:"value"}): read from managedFields, derived from a
 * last-applied configuration, used to find fields the gateway applied before and to drop fields
 * other managers own.
 */
final class FieldSets {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> PARSED_KEYS = new ConcurrentHashMap<>();
  private static final Object UNPARSABLE = new Object();

  private FieldSets() {}

  /** The fieldsV1 of every managedFields entry whose manager is accepted. */
  static List<Map<String, Object>> ofManagers(
      Map<String, Object> rawLive, Collection<String> managers) {
    List<Map<String, Object>> sets = new ArrayList<>();
    List<Object> entries =
        TreeNodes.asList(TreeNodes.child(rawLive.get("metadata"), "managedFields"));
    if (entries != null) {
      for (Object entry : entries) {
        Map<String, Object> fields = TreeNodes.asMap(TreeNodes.child(entry, "fieldsV1"));
        if (fields != null
            && managers.contains(String.valueOf(TreeNodes.child(entry, "manager")))) {
          sets.add(fields);
        }
      }
    }
    return sets;
  }

  /** The fields a kubectl last-applied-configuration annotation set, or null if there is none. */
  static Map<String, Object> ofLastApplied(Map<String, Object> rawLive) {
    Object text =
        TreeNodes.child(
            TreeNodes.child(rawLive.get("metadata"), "annotations"), Normalizer.LAST_APPLIED);
    if (!(text instanceof String json) || json.isBlank()) {
      return null;
    }
    try {
      return TreeNodes.asMap(fromObject(JSON.readValue(json, Map.class), ""));
    } catch (JsonProcessingException | ClassCastException e) {
      return null; // a corrupt annotation only loses the removal check, it must not fail the
      // compare
    }
  }

  private static Object fromObject(Object node, String field) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        Object sub = fromObject(e.getValue(), String.valueOf(e.getKey()));
        // A map that sets no leaf sets nothing (kubectl writes "annotations": {} into every
        // object).
        if (!(e.getValue() instanceof Map<?, ?>) || !TreeNodes.asMap(sub).isEmpty()) {
          fields.put("f:" + e.getKey(), sub);
        }
      }
    } else if (node instanceof List<?> list) {
      String key = ListMergeKeys.keyFor(field, TreeNodes.asList(list));
      if (key != null) {
        for (Object element : list) {
          fields.put("k:" + keyJson(key, TreeNodes.child(element, key)), fromObject(element, ""));
        }
      }
    }
    return fields;
  }

  private static String keyJson(String key, Object value) {
    try {
      return JSON.writeValueAsString(Map.of(key, value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Marks the fields of the set in the tree for removal. Lenient: see {@link #find}. */
  static void mark(Object node, Map<String, Object> fields, boolean lenient) {
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      String k = e.getKey();
      Map<String, Object> sub = TreeNodes.asMap(e.getValue());
      if (k.startsWith("f:")) {
        Map<String, Object> map = TreeNodes.asMap(node);
        String name = k.substring(2);
        if (map == null || !map.containsKey(name)) {
          continue;
        }
        if (isLeaf(sub)) {
          map.put(name, TreeNodes.REMOVED);
        } else {
          mark(map.get(name), sub, lenient);
        }
      } else if (k.startsWith("k:") || k.startsWith("v:")) {
        List<Object> list = TreeNodes.asList(node);
        int index = find(list, k, lenient);
        if (index < 0) {
          continue;
        }
        if (k.startsWith("v:") || isLeaf(sub)) {
          list.set(index, TreeNodes.REMOVED);
        } else {
          mark(list.get(index), sub, lenient);
        }
      }
    }
  }

  /**
   * Reports, as JSON pointers into live, the fields of an applied set that live still has and
   * desired no longer sets: what Git removed since the gateway last applied.
   */
  static void findRemoved(
      Map<String, Object> fields,
      Object desired,
      Object live,
      String path,
      Collection<String> out) {
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      String k = e.getKey();
      Map<String, Object> sub = TreeNodes.asMap(e.getValue());
      if (k.startsWith("f:")) {
        String name = k.substring(2);
        if (isIdentity(path, name)) {
          continue;
        }
        Object l = TreeNodes.child(live, name);
        if (l == null || l == TreeNodes.REMOVED) {
          continue;
        }
        Object d = TreeNodes.child(desired, name);
        String childPath = JsonPointers.child(path, name);
        if (d == null && !isLeaf(sub) && l instanceof Map<?, ?>) {
          findRemoved(
              sub, null, l, childPath, out); // name the leaves the gateway owned, not the parent
        } else if (d == null) {
          out.add(childPath);
        } else if (!isLeaf(sub)) {
          findRemoved(sub, d, l, childPath, out);
        }
      } else if (k.startsWith("k:") || k.startsWith("v:")) {
        List<Object> liveList = TreeNodes.asList(live);
        int li = find(liveList, k, false);
        if (li < 0 || liveList.get(li) == TreeNodes.REMOVED) {
          continue;
        }
        List<Object> desiredList = TreeNodes.asList(desired);
        int di = find(desiredList, k, true);
        String childPath = JsonPointers.child(path, li);
        if (di < 0) {
          out.add(childPath);
        } else if (k.startsWith("k:") && !isLeaf(sub)) {
          findRemoved(sub, desiredList.get(di), liveList.get(li), childPath, out);
        }
      }
    }
  }

  /** Name and namespace identify the object; they are matched by the caller, never "removed". */
  private static boolean isIdentity(String path, String name) {
    return path.isEmpty()
        ? name.equals("apiVersion") || name.equals("kind") || name.equals("status")
        : path.equals("/metadata")
            && (name.equals("name") || name.equals("namespace") || name.equals("generateName"));
  }

  private static boolean isLeaf(Map<String, Object> sub) {
    return sub == null || sub.isEmpty() || (sub.size() == 1 && sub.containsKey("."));
  }

  /**
   * Index of the element a k: or v: entry names. Strict matching (live) wants every key field
   * equal; lenient matching (desired) accepts key fields that desired leaves to the server's
   * default, e.g. a port's protocol.
   */
  private static int find(List<Object> list, String entry, boolean lenient) {
    if (list == null) {
      return -1;
    }
    Object key = PARSED_KEYS.computeIfAbsent(entry, FieldSets::parseKey);
    if (key == UNPARSABLE) {
      return -1;
    }
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (entry.startsWith("v:")
          ? element != null && ScalarEquality.equal(key, element, false)
          : matches(key, element, lenient)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(Object key, Object element, boolean lenient) {
    Map<String, Object> keyFields = TreeNodes.asMap(key);
    Map<String, Object> map = TreeNodes.asMap(element);
    if (keyFields == null || map == null) {
      return false;
    }
    int present = 0;
    for (Map.Entry<String, Object> f : keyFields.entrySet()) {
      Object value = map.get(f.getKey());
      if (value == null && lenient) {
        continue;
      }
      if (value == null || !ScalarEquality.equal(f.getValue(), value, false)) {
        return false;
      }
      present++;
    }
    return present > 0;
  }

  private static Object parseKey(String entry) {
    try {
      return JSON.readValue(entry.substring(2), Object.class);
    } catch (JsonProcessingException e) {
      return UNPARSABLE;
    }
  }
}
