package io.gitops.gateway.diff;

import io.gitops.gateway.model.Tracking;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Brings desired and live objects to comparable form (always on copies): drops what the API server
 * owns, folds a Secret's stringData into its base64 data, and drops the namespace of cluster-scoped
 * objects.
 */
final class Normalizer {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final List<String> SERVER_METADATA =
      List.of(
          "managedFields",
          "resourceVersion",
          "uid",
          "generation",
          "creationTimestamp",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  /**
   * Annotations that are bookkeeping, not configuration: kubectl's and the Deployment controller's,
   * and the gateway's own revision stamp — a commit that does not touch an app's files moves the
   * stamp Git would put on its objects, and that alone must not make every app of the repo drift.
   */
  private static final List<String> SERVER_ANNOTATIONS =
      List.of(LAST_APPLIED, "deployment.kubernetes.io/revision", Tracking.REVISION_ANNOTATION);

  private Normalizer() {}

  static Map<String, Object> normalize(Map<String, Object> object, boolean clusterScoped) {
    // Copy without status and managedFields rather than copy-then-remove: they are often most of
    // a live object, and this runs on every compare.
    Map<String, Object> copy = new java.util.LinkedHashMap<>();
    object.forEach(
        (k, v) -> {
          if (!k.equals("status")) {
            copy.put(k, k.equals("metadata") ? copyMetadata(v) : TreeNodes.deepCopy(v));
          }
        });
    Map<String, Object> metadata = TreeNodes.asMap(copy.get("metadata"));
    if (metadata != null) {
      Map<String, Object> annotations = TreeNodes.asMap(metadata.get("annotations"));
      if (annotations != null) {
        SERVER_ANNOTATIONS.forEach(annotations::remove);
      }
      if (clusterScoped) {
        metadata.remove("namespace");
      }
    }
    if (isSecret(copy)) {
      foldStringData(copy);
    }
    return copy;
  }

  private static Object copyMetadata(Object metadata) {
    Map<String, Object> map = TreeNodes.asMap(metadata);
    if (map == null) {
      return TreeNodes.deepCopy(metadata);
    }
    Map<String, Object> copy = new java.util.LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (!SERVER_METADATA.contains(k)) {
            copy.put(k, TreeNodes.deepCopy(v));
          }
        });
    return copy;
  }

  static boolean isSecret(Map<String, Object> object) {
    return "Secret".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"));
  }

  /**
   * stringData is write-only: the server stores it base64-encoded in data. An empty value comes
   * back as null, so null and "" are the same value here.
   */
  private static void foldStringData(Map<String, Object> secret) {
    Map<String, Object> stringData = TreeNodes.asMap(secret.remove("stringData"));
    Map<String, Object> data = TreeNodes.asMap(secret.get("data"));
    if (stringData != null && !stringData.isEmpty()) {
      if (data == null) {
        data = new java.util.LinkedHashMap<>();
        secret.put("data", data);
      }
      for (Map.Entry<String, Object> e : stringData.entrySet()) {
        String plain = e.getValue() == null ? "" : String.valueOf(e.getValue());
        data.put(
            e.getKey(), Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (data != null) {
      data.replaceAll((k, v) -> v == null ? "" : v);
    }
  }
}
