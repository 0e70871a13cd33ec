package io.gitops.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kinds resolved by discovery, built-in and from CRDs, as fabric8's generic client resolves them.
 */
class DiscoveryTest {
  @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension("discovery");

  @Test
  void builtInGroupsListTheirResourcesWithScope() {
    assertThat(CLUSTER.client().getApiResources("apps/v1").getResources())
        .extracting(APIResource::getName)
        .contains("deployments", "statefulsets", "daemonsets", "replicasets", "deployments/status");
    assertThat(CLUSTER.client().getApiResources("v1").getResources())
        .filteredOn(r -> r.getName().equals("namespaces"))
        .singleElement()
        .satisfies(r -> assertThat(r.getNamespaced()).isFalse());
    assertThat(CLUSTER.client().getApiGroups().getGroups())
        .extracting(APIGroup::getName)
        .contains(
            "apps",
            "batch",
            "networking.k8s.io",
            "rbac.authorization.k8s.io",
            "autoscaling",
            "apiextensions.k8s.io");
  }

  @Test
  void aGenericBuiltInKindIsAppliedThroughDiscovery() {
    GenericKubernetesResource role =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("rbac.authorization.k8s.io/v1")
            .withKind("Role")
            .withNewMetadata()
            .withName("reader")
            .withNamespace("default")
            .endMetadata()
            .addToAdditionalProperties(
                "rules",
                java.util.List.of(
                    Map.of(
                        "apiGroups",
                        java.util.List.of(""),
                        "resources",
                        java.util.List.of("pods"),
                        "verbs",
                        java.util.List.of("get"))))
            .build();

    CLUSTER
        .client()
        .genericKubernetesResources("rbac.authorization.k8s.io/v1", "Role")
        .inNamespace("default")
        .resource(role)
        .fieldManager("gitops-gateway")
        .forceConflicts()
        .serverSideApply();

    assertThat(
            CLUSTER
                .client()
                .rbac()
                .roles()
                .inNamespace("default")
                .withName("reader")
                .get()
                .getRules())
        .hasSize(1);
  }

  @Test
  void aStrategicMergePatchOnACustomResourceIsRefusedAsOnARealServer() {
    applyWidgetCrd();
    CLUSTER
        .client()
        .genericKubernetesResources("example.com/v1", "Widget")
        .inNamespace("default")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("example.com/v1")
                .withKind("Widget")
                .withNewMetadata()
                .withName("w2")
                .withNamespace("default")
                .endMetadata()
                .build())
        .create();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                CLUSTER
                    .client()
                    .genericKubernetesResources("example.com/v1", "Widget")
                    .inNamespace("default")
                    .withName("w2")
                    .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"size\":1}}"))
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(415));
  }

  @Test
  void aCrdMakesItsKindDiscoverableAndItsResourcesApplicable() {
    applyWidgetCrd();

    assertThat(CLUSTER.client().getApiResources("example.com/v1").getResources())
        .extracting(APIResource::getKind)
        .contains("Widget");
    GenericKubernetesResource widget =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.com/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName("w1")
            .withNamespace("default")
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("size", 3))
            .build();
    GenericKubernetesResource applied =
        CLUSTER
            .client()
            .genericKubernetesResources("example.com/v1", "Widget")
            .inNamespace("default")
            .resource(widget)
            .fieldManager("gitops-gateway")
            .forceConflicts()
            .serverSideApply();

    assertThat(applied.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(
            CLUSTER
                .client()
                .genericKubernetesResources("example.com/v1", "Widget")
                .inNamespace("default")
                .withName("w1")
                .get()
                .<Integer>get("spec", "size"))
        .isEqualTo(3);
  }

  private static void applyWidgetCrd() {
    CLUSTER
        .client()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("widgets.example.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("example.com")
                .withScope("Namespaced")
                .withNewNames()
                .withPlural("widgets")
                .withSingular("widget")
                .withKind("Widget")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .fieldManager("gitops-gateway")
        .forceConflicts()
        .serverSideApply();
  }
}
