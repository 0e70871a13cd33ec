package io.gitops.gateway.diff;

import java.util.Set;

/** Built-in kinds without a namespace; for them a namespace in Git is meaningless and ignored. */
final class ClusterScopedKinds {
  private static final Set<String> KINDS = Set.of(
      "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
      "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
      "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
      "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
      "storage.k8s.io/VolumeAttachment", "scheduling.k8s.io/PriorityClass",
      "admissionregistration.k8s.io/MutatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
      "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
      "networking.k8s.io/IngressClass", "node.k8s.io/RuntimeClass",
      "policy/PodSecurityPolicy", "certificates.k8s.io/CertificateSigningRequest",
      "flowcontrol.apiserver.k8s.io/FlowSchema",
      "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");

  private ClusterScopedKinds() {}

  static boolean contains(String group, String kind) {
    return KINDS.contains(group + "/" + kind);
  }
}
