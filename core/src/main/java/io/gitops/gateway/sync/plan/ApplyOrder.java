package io.gitops.gateway.sync.plan;

import io.gitops.gateway.model.ResourceKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order objects are applied in: sync wave first (annotation, default 0, lower first), then a
 * kind order where what others depend on comes first (Namespaces and CRDs before anything, config
 * before workloads), then by name so the order is stable.
 */
public final class ApplyOrder {
  public static final String WAVE_ANNOTATION = "gitops.io/sync-wave";
  public static final String ARGO_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

  private static final List<String> KIND_ORDER =
      List.of(
          "Namespace",
          "NetworkPolicy",
          "ResourceQuota",
          "LimitRange",
          "PodSecurityPolicy",
          "PodDisruptionBudget",
          "ServiceAccount",
          "Secret",
          "SecretList",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleList",
          "ClusterRoleBinding",
          "ClusterRoleBindingList",
          "Role",
          "RoleList",
          "RoleBinding",
          "RoleBindingList",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicationController",
          "ReplicaSet",
          "Deployment",
          "HorizontalPodAutoscaler",
          "StatefulSet",
          "Job",
          "CronJob",
          "IngressClass",
          "Ingress",
          "APIService");

  private ApplyOrder() {}

  public static final Comparator<Map<String, Object>> COMPARATOR =
      Comparator.comparingInt(ApplyOrder::phase)
          .thenComparingInt(ApplyOrder::wave)
          .thenComparingInt(ApplyOrder::kindRank)
          .thenComparing(o -> ResourceKey.of(o).toString());

  /** Namespaces and CRDs go before every wave: nothing else can be created without them. */
  private static int phase(Map<String, Object> o) {
    String kind = String.valueOf(o.get("kind"));
    return kind.equals("Namespace") || kind.equals("CustomResourceDefinition") ? 0 : 1;
  }

  public static int wave(Map<String, Object> o) {
    Map<?, ?> annotations = ObjectMaps.annotations(o);
    Object value = annotations.get(WAVE_ANNOTATION);
    if (value == null) {
      value = annotations.get(ARGO_WAVE_ANNOTATION);
    }
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The wave an object is applied in: Namespaces and CRDs before every wave (as {@link
   * Integer#MIN_VALUE}), everything else in its annotated wave.
   */
  public static int phaseWave(Map<String, Object> o) {
    return phase(o) == 0 ? Integer.MIN_VALUE : wave(o);
  }

  private static int kindRank(Map<String, Object> o) {
    int i = KIND_ORDER.indexOf(String.valueOf(o.get("kind")));
    return i < 0 ? KIND_ORDER.size() : i; // unknown kinds (custom resources) last
  }
}
