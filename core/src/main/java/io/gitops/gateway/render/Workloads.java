package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where the built-in workload kinds keep their pod templates and selectors. */
final class Workloads {
  private Workloads() {}

  /** Path to the pod template ({@code metadata} + {@code spec}) of a workload kind, or null. */
  static String[] podTemplatePath(String kind) {
    return switch (kind) {
      case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController" ->
          new String[] {"spec", "template"};
      case "CronJob" -> new String[] {"spec", "jobTemplate", "spec", "template"};
      default -> null;
    };
  }

  /** The pod specs of an object: a Pod's own spec or a workload's template spec. */
  static List<Map<String, Object>> podSpecs(Map<String, Object> object, String kind) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (kind.equals("Pod")) {
      addIfPresent(out, MapPaths.map(object, false, "spec"));
    }
    String[] template = podTemplatePath(kind);
    if (template != null) {
      String[] spec = java.util.Arrays.copyOf(template, template.length + 1);
      spec[template.length] = "spec";
      addIfPresent(out, MapPaths.map(object, false, spec));
    }
    return out;
  }

  private static void addIfPresent(List<Map<String, Object>> out, Map<String, Object> map) {
    if (map != null) {
      out.add(map);
    }
  }

  /** Kinds without a namespace; the namespace transformer leaves them alone. */
  static boolean clusterScoped(String kind) {
    return switch (kind) {
      case "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass",
          "IngressClass",
          "RuntimeClass",
          "CSIDriver",
          "CSINode",
          "Node",
          "APIService",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "VolumeAttachment",
          "PodSecurityPolicy",
          "ClusterIssuer" ->
          true;
      default -> false;
    };
  }
}
