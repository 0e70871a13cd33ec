package io.gitops.gateway.render;

import java.util.List;
import java.util.Map;

/**
 * commonLabels, labels and commonAnnotations, on the fields kustomize's default field specs name:
 * metadata always; pod templates and selectors of the built-in workloads, Service selectors,
 * PodDisruptionBudget and NetworkPolicy selectors when selectors are included.
 */
final class KustomizeLabels {
  private KustomizeLabels() {}

  /**
   * @param templates also into pod templates (and CronJob job templates)
   * @param selectors also into selectors (commonLabels, or labels with includeSelectors)
   */
  static void addLabels(
      List<KustomizeObject> resources,
      Map<String, String> labels,
      boolean templates,
      boolean selectors) {
    if (labels.isEmpty()) {
      return;
    }
    for (KustomizeObject r : resources) {
      putAll(MapPaths.map(r.metadata(), true, "labels"), labels);
      String kind = r.kind();
      String[] template = Workloads.podTemplatePath(kind);
      if (templates && template != null) {
        putAll(MapPaths.map(r.object, true, concat(template, "metadata", "labels")), labels);
        if (kind.equals("CronJob")) {
          putAll(MapPaths.map(r.object, true, "spec", "jobTemplate", "metadata", "labels"), labels);
        }
      }
      if (selectors) {
        addToSelectors(r, kind, labels);
      }
    }
  }

  private static void addToSelectors(KustomizeObject r, String kind, Map<String, String> labels) {
    switch (kind) {
      case "Service", "ReplicationController" ->
          putAll(MapPaths.map(r.object, true, "spec", "selector"), labels);
      case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" ->
          putAll(MapPaths.map(r.object, true, "spec", "selector", "matchLabels"), labels);
      case "PodDisruptionBudget" ->
          putAll(MapPaths.map(r.object, false, "spec", "selector", "matchLabels"), labels);
      case "NetworkPolicy" ->
          putAll(MapPaths.map(r.object, false, "spec", "podSelector", "matchLabels"), labels);
      default -> {}
    }
  }

  static void addAnnotations(List<KustomizeObject> resources, Map<String, String> annotations) {
    if (annotations.isEmpty()) {
      return;
    }
    for (KustomizeObject r : resources) {
      putAll(MapPaths.map(r.metadata(), true, "annotations"), annotations);
      String[] template = Workloads.podTemplatePath(r.kind());
      if (template != null) {
        putAll(
            MapPaths.map(r.object, true, concat(template, "metadata", "annotations")), annotations);
      }
    }
  }

  private static void putAll(Map<String, Object> target, Map<String, String> values) {
    if (target != null) {
      target.putAll(values);
    }
  }

  private static String[] concat(String[] head, String... tail) {
    String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }
}
