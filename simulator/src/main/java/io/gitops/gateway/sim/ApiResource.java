package io.gitops.gateway.sim;

import java.util.List;
import java.util.Optional;

/**
 * One kind the simulated API server serves: its group/version, plural, kind, scope, and whether it
 * has a status subresource (writes to the object then leave status alone, and status is written
 * through {@code /status}). The built-in table covers what a GitOps gateway typically deploys.
 */
record ApiResource(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    boolean statusSubresource,
    List<String> shortNames) {

  static final List<ApiResource> BUILT_IN =
      List.of(
          core("namespaces", "Namespace", false, true, "ns"),
          core("configmaps", "ConfigMap", true, false, "cm"),
          core("secrets", "Secret", true, false),
          core("services", "Service", true, true, "svc"),
          core("serviceaccounts", "ServiceAccount", true, false, "sa"),
          core("pods", "Pod", true, true, "po"),
          core("persistentvolumeclaims", "PersistentVolumeClaim", true, true, "pvc"),
          core("persistentvolumes", "PersistentVolume", false, true, "pv"),
          core("events", "Event", true, false, "ev"),
          core("endpoints", "Endpoints", true, false, "ep"),
          core("nodes", "Node", false, true, "no"),
          core("limitranges", "LimitRange", true, false, "limits"),
          core("resourcequotas", "ResourceQuota", true, true, "quota"),
          of("apps", "v1", "deployments", "Deployment", true, true, "deploy"),
          of("apps", "v1", "statefulsets", "StatefulSet", true, true, "sts"),
          of("apps", "v1", "daemonsets", "DaemonSet", true, true, "ds"),
          of("apps", "v1", "replicasets", "ReplicaSet", true, true, "rs"),
          of("apps", "v1", "controllerrevisions", "ControllerRevision", true, false),
          of("batch", "v1", "jobs", "Job", true, true),
          of("batch", "v1", "cronjobs", "CronJob", true, true, "cj"),
          of("networking.k8s.io", "v1", "ingresses", "Ingress", true, true, "ing"),
          of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, false, "netpol"),
          of("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, false),
          of("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false),
          of("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false),
          of("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false),
          of(
              "rbac.authorization.k8s.io",
              "v1",
              "clusterrolebindings",
              "ClusterRoleBinding",
              false,
              false),
          of(
              "autoscaling",
              "v2",
              "horizontalpodautoscalers",
              "HorizontalPodAutoscaler",
              true,
              true,
              "hpa"),
          of("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true, "pdb"),
          of("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, false, "sc"),
          of("coordination.k8s.io", "v1", "leases", "Lease", true, false),
          of(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              true,
              "crd",
              "crds"));

  private static ApiResource core(
      String plural, String kind, boolean namespaced, boolean status, String... shortNames) {
    return of("", "v1", plural, kind, namespaced, status, shortNames);
  }

  private static ApiResource of(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean status,
      String... shortNames) {
    return new ApiResource(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        status,
        List.of(shortNames));
  }

  static Optional<ApiResource> builtIn(String group, String version, String plural) {
    return BUILT_IN.stream()
        .filter(r -> r.group.equals(group) && r.version.equals(version) && r.plural.equals(plural))
        .findFirst();
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
