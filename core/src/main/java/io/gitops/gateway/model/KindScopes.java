package io.gitops.gateway.model;

import java.util.Set;

/**
 * Kinds that have no namespace: the built-in ones, and custom ones the cluster side learnt from API
 * discovery when it started watching them ({@link #learnClusterScoped}). The pure parts (keys,
 * diff, plan, tenant rules) ask here and never need a cluster.
 */
public final class KindScopes {
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "/ComponentStatus",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "apiextensions.k8s.io/CustomResourceDefinition",
          "apiregistration.k8s.io/APIService",
          "storage.k8s.io/StorageClass",
          "storage.k8s.io/CSIDriver",
          "storage.k8s.io/CSINode",
          "storage.k8s.io/VolumeAttachment",
          "scheduling.k8s.io/PriorityClass",
          "networking.k8s.io/IngressClass",
          "node.k8s.io/RuntimeClass",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
          "admissionregistration.k8s.io/MutatingAdmissionPolicy",
          "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
          "storage.k8s.io/VolumeAttributesClass",
          "policy/PodSecurityPolicy",
          "resource.k8s.io/DeviceClass",
          "certificates.k8s.io/CertificateSigningRequest",
          "flowcontrol.apiserver.k8s.io/FlowSchema",
          "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");

  /** Process-wide: a CRD defines its kind's scope, the same on every cluster that serves it. */
  private static final Set<String> LEARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private KindScopes() {}

  public static boolean isClusterScoped(String group, String kind) {
    String key = (group == null ? "" : group) + "/" + kind;
    return CLUSTER_SCOPED.contains(key) || LEARNED.contains(key);
  }

  /** Discovery said this kind is cluster-scoped (a custom resource with {@code scope: Cluster}). */
  public static void learnClusterScoped(String group, String kind) {
    LEARNED.add((group == null ? "" : group) + "/" + kind);
  }
}
