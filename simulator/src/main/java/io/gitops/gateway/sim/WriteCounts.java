package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How many times each object was written (create, update, patch, apply; dry runs, refusals and the
 * simulated controllers' status writes are not counted), served at {@link #PATH}, which is no part
 * of the Kubernetes API. It lets a test of several gateway replicas say that every object was
 * written by one replica only: at a first sync, one write per object and none twice.
 */
final class WriteCounts {
  /** {@code GET} answers {@code {"writes": {"group/Kind/namespace/name": {"apply": 1}, ...}}}. */
  static final String PATH = "/simulator/writes";

  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();

  synchronized void count(String method, String contentType, WriteResult result) {
    if (result.code() >= 300 || result.object() == null) {
      return;
    }
    String verb =
        switch (method) {
          case "POST" -> "create";
          case "PUT" -> "update";
          default ->
              contentType != null && contentType.startsWith(ObjectWrites.APPLY_PATCH)
                  ? "apply"
                  : "patch";
        };
    String key =
        String.join(
            "/",
            result.resource().group(),
            result.resource().kind(),
            Objects.toString(Json.text(result.object(), "metadata", "namespace"), ""),
            Json.text(result.object(), "metadata", "name"));
    counts.computeIfAbsent(key, k -> new TreeMap<>()).merge(verb, 1, Integer::sum);
  }

  synchronized ObjectNode toJson() {
    ObjectNode out = Json.object();
    ObjectNode writes = Json.with(out, "writes");
    counts.forEach(
        (key, verbs) -> {
          ObjectNode v = Json.with(writes, key);
          verbs.forEach(v::put);
        });
    return out;
  }
}
