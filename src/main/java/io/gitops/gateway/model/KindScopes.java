package io.gitops.gateway.model;

import java.util.Set;

/**
 * Built-in kinds that have no namespace. Custom resources are resolved through API discovery by
 * the cluster side; this list keeps the pure parts (keys, diff, plan) from needing a cluster.
 */
public final class KindScopes {
  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
      "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
      "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
      "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
      "storage.k8s.io/VolumeAttachment", "scheduling.k8s.io/PriorityClass",
      "networking.k8s.io/IngressClass", "node.k8s.io/RuntimeClass",
      "admissionregistration.k8s.io/MutatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
      "certificates.k8s.io/CertificateSigningRequest", "flowcontrol.apiserver.k8s.io/FlowSchema",
      "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");

  private KindScopes() {}

  public static boolean isClusterScoped(String group, String kind) {
    return CLUSTER_SCOPED.contains((group == null ? "" : group) + "/" + kind);
  }
}
