package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The set of fields an object sets, as server-side apply counts them: leaves, atomic lists, and
 * items of associative lists. Fields the server owns (identity, versioning, managedFields) are
 * never owned by a manager, as in the real field manager.
 */
final class FieldSets {
  private static final Set<String> SERVER_METADATA =
      Set.of(
          "name",
          "namespace",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "managedFields",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private FieldSets() {}

  static Set<FieldPath> of(JsonNode object) {
    Set<FieldPath> out = new LinkedHashSet<>();
    FieldPath root = new FieldPath(List.of());
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      if (name.equals("apiVersion") || name.equals("kind")) {
        continue;
      }
      if (name.equals("metadata") && f.getValue() instanceof ObjectNode meta) {
        for (Iterator<Map.Entry<String, JsonNode>> m = meta.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> mf = m.next();
          if (!SERVER_METADATA.contains(mf.getKey())) {
            collect(
                mf.getValue(),
                root.child("f:metadata").child("f:" + mf.getKey()),
                mf.getKey(),
                out);
          }
        }
        continue;
      }
      collect(f.getValue(), root.child("f:" + name), name, out);
    }
    return out;
  }

  private static void collect(JsonNode node, FieldPath at, String field, Set<FieldPath> out) {
    if (node.isObject() && node.size() > 0) {
      node.fields()
          .forEachRemaining(
              f -> collect(f.getValue(), at.child("f:" + f.getKey()), f.getKey(), out));
      return;
    }
    if (node.isArray()) {
      Optional<List<String>> keys = ListKeys.applyKeys(field, node);
      if (keys.isPresent() && node.size() > 0) {
        for (JsonNode item : node) {
          FieldPath itemPath = at.child(FieldPath.keyElement(item, keys.get()));
          out.add(itemPath.child(FieldPath.ITEM));
          item.fields()
              .forEachRemaining(
                  f -> collect(f.getValue(), itemPath.child("f:" + f.getKey()), f.getKey(), out));
        }
        return;
      }
    }
    out.add(at);
  }

  /** Encodes paths as the nested {@code fieldsV1} object stored in metadata.managedFields. */
  static ObjectNode toFieldsV1(Set<FieldPath> paths) {
    ObjectNode root = Json.object();
    for (FieldPath p : paths) {
      ObjectNode n = root;
      for (String e : p.elements()) {
        n = Json.with(n, e);
      }
    }
    return root;
  }

  static Set<FieldPath> fromFieldsV1(JsonNode fieldsV1) {
    Set<FieldPath> out = new LinkedHashSet<>();
    if (fieldsV1 != null && fieldsV1.isObject()) {
      walk(fieldsV1, new FieldPath(List.of()), out);
    }
    return out;
  }

  private static void walk(JsonNode node, FieldPath at, Set<FieldPath> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      FieldPath child = at.child(f.getKey());
      if (f.getValue().size() == 0) {
        out.add(child);
      } else {
        walk(f.getValue(), child, out);
      }
    }
  }
}
