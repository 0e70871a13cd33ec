package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which lists of the built-in kinds are maps keyed by fields of their items, as the Kubernetes
 * OpenAPI schema declares them ({@code x-kubernetes-list-map-keys} for server-side apply, {@code
 * patchMergeKey} for strategic merge patch). Looked up by the list's field name, which is
 * unambiguous for the kinds the gateway deploys; every other list is atomic (replaced whole).
 */
final class ListKeys {
  /** Field name to the list-map keys server-side apply uses. */
  private static final Map<String, List<String>> APPLY_KEYS =
      Map.ofEntries(
          Map.entry("containers", List.of("name")),
          Map.entry("initContainers", List.of("name")),
          Map.entry("ephemeralContainers", List.of("name")),
          Map.entry("env", List.of("name")),
          Map.entry("volumes", List.of("name")),
          Map.entry("volumeMounts", List.of("mountPath")),
          Map.entry("imagePullSecrets", List.of("name")),
          Map.entry("conditions", List.of("type")),
          Map.entry("hostAliases", List.of("ip")),
          Map.entry("ownerReferences", List.of("uid")));

  private ListKeys() {}

  /**
   * The keys of an associative list under {@code field}, or empty when the list is atomic. Ports
   * are keyed by container port (Pod) or port (Service) together with the protocol.
   */
  static Optional<List<String>> applyKeys(String field, JsonNode list) {
    List<String> keys = APPLY_KEYS.get(field);
    if (keys == null && field.equals("ports")) {
      keys = portKeys(list);
    }
    if (keys == null || !allItemsHave(list, keys.get(0))) {
      return Optional.empty();
    }
    return Optional.of(keys);
  }

  /** The single merge key strategic merge patch uses for {@code field}, or empty for "replace". */
  static Optional<String> mergeKey(String field, JsonNode list) {
    if (field.equals("ports")) {
      List<String> keys = portKeys(list);
      return keys == null ? Optional.empty() : Optional.of(keys.get(0));
    }
    List<String> keys = APPLY_KEYS.get(field);
    return keys == null || field.equals("ownerReferences")
        ? Optional.empty()
        : Optional.of(keys.get(0));
  }

  private static List<String> portKeys(JsonNode list) {
    if (allItemsHave(list, "containerPort")) {
      return List.of("containerPort", "protocol");
    }
    if (allItemsHave(list, "port")) {
      return List.of("port", "protocol");
    }
    return null;
  }

  private static boolean allItemsHave(JsonNode list, String key) {
    if (list == null || !list.isArray()) {
      return false;
    }
    for (JsonNode item : list) {
      if (!item.isObject() || !item.has(key)) {
        return false;
      }
    }
    return true;
  }
}
