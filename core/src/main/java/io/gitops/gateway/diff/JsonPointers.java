package io.gitops.gateway.diff;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers: building them for reported paths, and parsing those of ignore rules. */
final class JsonPointers {
  private JsonPointers() {}

  static String child(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String child(String parent, int index) {
    return parent + "/" + index;
  }

  /** The raw segments of a pointer; throws with a clear message when it is not a pointer. */
  static List<String> parse(String pointer) {
    if (pointer == null || !pointer.startsWith("/")) {
      throw new IllegalArgumentException(
          "ignoreDifferences jsonPointer '"
              + pointer
              + "' must start with '/', e.g. /spec/replicas");
    }
    List<String> segments = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      segments.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  /** Marks the node the pointer names for removal; a pointer into nothing is a no-op. */
  static void mark(Object root, String pointer) {
    List<Object> resolved = new ArrayList<>();
    Object node = root;
    for (String segment : parse(pointer)) {
      if (node instanceof List<?> list) {
        int index;
        try {
          index = Integer.parseInt(segment);
        } catch (NumberFormatException e) {
          return;
        }
        if (index < 0 || index >= list.size()) {
          return;
        }
        resolved.add(index);
        node = list.get(index);
      } else {
        resolved.add(segment);
        node = TreeNodes.child(node, segment);
      }
      if (node == null) {
        return;
      }
    }
    TreeNodes.mark(root, resolved);
  }
}
