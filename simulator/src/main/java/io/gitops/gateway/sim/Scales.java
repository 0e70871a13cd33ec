package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code autoscaling/v1} {@code Scale} subresource of Deployments, StatefulSets and
 * ReplicaSets, as the real API server serves it: a view of the parent's {@code spec.replicas},
 * {@code status.replicas} and selector. {@code kubectl scale} and HPAs read and write it; a write
 * changes only the parent's {@code spec.replicas}.
 */
final class Scales {
  static final String SUBRESOURCE = "scale";
  private static final Set<String> SCALABLE = Set.of("deployments", "statefulsets", "replicasets");

  private Scales() {}

  /** Whether {@code group}/{@code plural} has a scale subresource. */
  static boolean scalable(String group, String plural) {
    return group.equals("apps") && SCALABLE.contains(plural);
  }

  static void requireScalable(ResourcePath path) {
    if (!scalable(path.group(), path.plural())) {
      throw new SimulatorError(
          404,
          "NotFound",
          "the server could not find the requested resource ("
              + path.plural()
              + "/scale in "
              + path.apiVersion()
              + ")",
          null,
          null,
          List.of());
    }
  }

  /** The Scale of a stored parent object. */
  static ObjectNode of(JsonNode parent) {
    ObjectNode scale = Json.object().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    JsonNode pm = parent.path("metadata");
    for (String field :
        List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (pm.hasNonNull(field)) {
        meta.set(field, pm.get(field));
      }
    }
    scale.putObject("spec").put("replicas", parent.path("spec").path("replicas").asInt(1));
    scale
        .putObject("status")
        .put("replicas", parent.path("status").path("replicas").asInt(0))
        .put("selector", selector(parent.path("spec").path("selector")));
    return scale;
  }

  /**
   * The replicas a Scale written by a client asks for; a 422 like the real server's when they are
   * missing or negative.
   */
  static int replicas(JsonNode scale, String name) {
    JsonNode r = scale.path("spec").path("replicas");
    if (r.isMissingNode() || r.isNull()) {
      return 0; // the real server decodes a missing replicas as 0
    }
    if (!r.canConvertToInt() || !r.isIntegralNumber() || r.asInt() < 0) {
      throw SimulatorError.invalid(
          "Scale",
          name,
          "spec.replicas",
          "Invalid value: " + r + ": must be greater than or equal to 0");
    }
    return r.asInt();
  }

  /**
   * A label selector as the API server prints it, requirements sorted by key: {@code app=web,tier
   * in (a,b)}.
   */
  static String selector(JsonNode labelSelector) {
    List<Map.Entry<String, String>> parts = new ArrayList<>();
    labelSelector
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            e -> parts.add(Map.entry(e.getKey(), e.getKey() + "=" + e.getValue().asText())));
    for (JsonNode e : labelSelector.path("matchExpressions")) {
      String key = e.path("key").asText();
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(v.asText()));
      values.sort(String::compareTo);
      String text =
          switch (e.path("operator").asText()) {
            case "In" -> key + " in (" + String.join(",", values) + ")";
            case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            default -> null; // an operator the API server would have refused
          };
      if (text != null) {
        parts.add(Map.entry(key, text));
      }
    }
    parts.sort(Map.Entry.comparingByKey());
    return String.join(",", parts.stream().map(Map.Entry::getValue).toList());
  }
}
