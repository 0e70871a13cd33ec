package io.gitops.gateway.render;

import io.gitops.gateway.tree.DeepCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test) on plain maps and lists. */
final class JsonPatch {
  private JsonPatch() {}

  static Map<String, Object> apply(
      Map<String, Object> target, List<Map<String, Object>> operations, String where)
      throws RenderException {
    Object root = target;
    int index = 0;
    for (Map<String, Object> op : operations) {
      index++;
      String context = where + " operation " + index;
      String kind = KustomizeFields.text(op.get("op"), where, "op");
      String path = op.get("path") instanceof String p ? p : null;
      if (path == null) {
        throw new RenderException(context + ": 'path' is required");
      }
      switch (kind) {
        case "add" -> root = add(root, path, DeepCopy.of(value(op, context)), context);
        case "remove" -> remove(root, path, context);
        case "replace" -> {
          remove(root, path, context);
          root = add(root, path, DeepCopy.of(value(op, context)), context);
        }
        case "move", "copy" -> {
          String from = KustomizeFields.text(op.get("from"), where, "from");
          Object value = DeepCopy.of(get(root, from, context));
          if (kind.equals("move")) {
            remove(root, from, context);
          }
          root = add(root, path, value, context);
        }
        case "test" -> {
          if (!Objects.equals(get(root, path, context), op.get("value"))) {
            throw new RenderException(context + ": test failed at " + path);
          }
        }
        default -> throw new RenderException(context + ": unknown op '" + kind + "'");
      }
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new RenderException(where + ": the patch replaced the whole object with a non-object");
    }
    return KustomizeFields.asMap(m);
  }

  private static Object value(Map<String, Object> op, String context) throws RenderException {
    if (!op.containsKey("value")) {
      throw new RenderException(context + ": 'value' is required");
    }
    return op.get("value");
  }

  private static List<String> tokens(String path, String context) throws RenderException {
    if (path.isEmpty()) {
      return List.of();
    }
    if (!path.startsWith("/")) {
      throw new RenderException(context + ": path '" + path + "' must start with '/'");
    }
    List<String> out = new ArrayList<>();
    for (String token : path.substring(1).split("/", -1)) {
      out.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static Object get(Object root, String path, String context) throws RenderException {
    Object current = root;
    for (String token : tokens(path, context)) {
      current = child(current, token, path, context);
    }
    return current;
  }

  private static Object child(Object node, String token, String path, String context)
      throws RenderException {
    if (node instanceof Map<?, ?> map && map.containsKey(token)) {
      return map.get(token);
    }
    if (node instanceof List<?> list) {
      int i = index(token, list.size() - 1, path, context);
      return list.get(i);
    }
    throw new RenderException(context + ": path '" + path + "' does not exist");
  }

  private static Object parent(Object root, List<String> tokens, String path, String context)
      throws RenderException {
    Object current = root;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      current = child(current, token, path, context);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Object add(Object root, String path, Object value, String context)
      throws RenderException {
    List<String> tokens = tokens(path, context);
    if (tokens.isEmpty()) {
      return value;
    }
    Object parent = parent(root, tokens, path, context);
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
    } else if (parent instanceof List<?> list) {
      int i = last.equals("-") ? list.size() : index(last, list.size(), path, context);
      ((List<Object>) list).add(i, value);
    } else {
      throw new RenderException(context + ": path '" + path + "' does not exist");
    }
    return root;
  }

  private static void remove(Object root, String path, String context) throws RenderException {
    List<String> tokens = tokens(path, context);
    if (tokens.isEmpty()) {
      throw new RenderException(context + ": cannot remove the whole object");
    }
    Object parent = parent(root, tokens, path, context);
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof Map<?, ?> map && map.containsKey(last)) {
      map.remove(last);
    } else if (parent instanceof List<?> list) {
      list.remove(index(last, list.size() - 1, path, context));
    } else {
      throw new RenderException(context + ": path '" + path + "' does not exist");
    }
  }

  private static int index(String token, int max, String path, String context)
      throws RenderException {
    try {
      int i = Integer.parseInt(token);
      if (i >= 0 && i <= max) {
        return i;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error below
    }
    throw new RenderException(
        context + ": index '" + token + "' in path '" + path + "' is out of range");
  }
}
