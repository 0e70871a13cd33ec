package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) for the built-in kinds:
 * like a JSON merge patch, except that lists with a merge key (containers, env, ports, volumes,
 * volumeMounts ...) merge item by item, {@code $patch: delete} removes an item or a map, {@code
 * $patch: replace} replaces one, and {@code $deleteFromPrimitiveList/<field>} removes values.
 */
final class StrategicMerge {
  private static final String PATCH = "$patch";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

  private StrategicMerge() {}

  /** The patched object, or null when the patch deletes it ({@code $patch: delete} at the top). */
  static JsonNode apply(JsonNode original, JsonNode patch) {
    if (!(patch instanceof ObjectNode p)) {
      return patch.deepCopy();
    }
    String directive = p.path(PATCH).asText("");
    if (directive.equals("delete")) {
      return null;
    }
    if (directive.equals("replace")) {
      ObjectNode copy = p.deepCopy();
      copy.remove(PATCH);
      return copy;
    }
    ObjectNode out = original instanceof ObjectNode o ? o.deepCopy() : Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode value = f.getValue();
      if (name.equals(PATCH)
          || name.startsWith("$setElementOrder/")
          || name.equals("$retainKeys")) {
        continue;
      }
      if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deleteFromPrimitiveList(out, name.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
        continue;
      }
      if (value.isNull()) {
        out.remove(name);
      } else if (value.isObject()) {
        JsonNode merged = apply(out.get(name), value);
        if (merged == null) {
          out.remove(name);
        } else {
          out.set(name, merged);
        }
      } else if (value.isArray()) {
        out.set(name, mergeList(out.get(name), (ArrayNode) value, name));
      } else {
        out.set(name, value.deepCopy());
      }
    }
    return out;
  }

  private static JsonNode mergeList(JsonNode original, ArrayNode patch, String field) {
    Optional<String> key = ListKeys.mergeKey(field, patch.size() > 0 ? patch : original);
    if (key.isEmpty() || !(original instanceof ArrayNode)) {
      return withoutDirectives(patch);
    }
    for (JsonNode item : patch) {
      if (item.path(PATCH).asText("").equals("replace")) {
        return withoutDirectives(patch);
      }
    }
    ArrayNode out = (ArrayNode) original.deepCopy();
    for (JsonNode item : patch) {
      JsonNode k = item.get(key.get());
      int index = indexOf(out, key.get(), k);
      if (item.path(PATCH).asText("").equals("delete")) {
        if (index >= 0) {
          out.remove(index);
        }
      } else if (index >= 0) {
        out.set(index, apply(out.get(index), item));
      } else {
        out.add(apply(null, item));
      }
    }
    return out;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value != null && value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static ArrayNode withoutDirectives(ArrayNode patch) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode item : patch) {
      if (item instanceof ObjectNode o) {
        if (o.has(PATCH) && o.size() == 1) {
          continue;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove(PATCH);
        out.add(copy);
      } else {
        out.add(item.deepCopy());
      }
    }
    return out;
  }

  private static void deleteFromPrimitiveList(ObjectNode out, String field, JsonNode values) {
    if (out.get(field) instanceof ArrayNode list && values.isArray()) {
      for (JsonNode v : values) {
        for (int i = list.size() - 1; i >= 0; i--) {
          if (list.get(i).equals(v)) {
            list.remove(i);
          }
        }
      }
    }
  }
}
