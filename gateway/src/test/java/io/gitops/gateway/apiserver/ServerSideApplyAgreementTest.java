package io.gitops.gateway.apiserver;

import static io.gitops.gateway.apiserver.Fixtures.GATEWAY;
import static io.gitops.gateway.apiserver.Fixtures.apply;
import static io.gitops.gateway.apiserver.Fixtures.applyAsGateway;
import static io.gitops.gateway.apiserver.Fixtures.load;
import static io.gitops.gateway.apiserver.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Server-side apply as the gateway uses it, run against the real API server and the simulator: both
 * must answer the same, or the simulator is lying to every other test.
 */
@Tag("apiserver")
class ServerSideApplyAgreementTest {
  private static final String AUTOSCALER = "kube-controller-manager";

  private static List<String> envNames(GenericKubernetesResource deployment) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> containers =
        (List<Map<String, Object>>) map(deployment, "spec", "template", "spec").get("containers");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> env = (List<Map<String, Object>>) containers.get(0).get("env");
    return env == null ? List.of() : env.stream().map(e -> (String) e.get("name")).toList();
  }

  /**
   * Scales as the HPA controller does: an update of the scale subresource, recorded under its user
   * agent.
   */
  private static void scaleAsAutoscaler(ClusterUnderTest cluster, String ns, int replicas) {
    try (KubernetesClient hpa = cluster.clientAs(AUTOSCALER + "/v1.34.2")) {
      hpa.apps().deployments().inNamespace(ns).withName("web").scale(replicas);
    }
  }

  private static Object replicas(GenericKubernetesResource deployment) {
    return map(deployment, "spec").get("replicas");
  }

  @OnBothClusters
  void applyWithTheGatewaysFieldManagerCreatesTheObjectAndOwnsItsFields(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("ssa-create");

    GenericKubernetesResource live = applyAsGateway(cluster.client(), load("deployment.yaml", ns));

    assertThat(live.getMetadata().getUid()).isNotBlank();
    assertThat(live.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(live.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getManager()).isEqualTo(GATEWAY);
              assertThat(e.getOperation()).isEqualTo("Apply");
              assertThat(e.getFieldsV1().getAdditionalProperties())
                  .containsKeys("f:metadata", "f:spec");
            });
  }

  @OnBothClusters
  void fieldsRemovedFromTheAppliedConfigAreRemovedFromTheLiveObject(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("ssa-prune");
    applyAsGateway(cluster.client(), load("configmap.yaml", ns));
    GenericKubernetesResource shrunk = load("configmap.yaml", ns);
    map(shrunk, "data").remove("colour");
    shrunk.getMetadata().setLabels(null);

    GenericKubernetesResource live = applyAsGateway(cluster.client(), shrunk);

    assertThat(map(live, "data")).containsOnlyKeys("greeting");
    assertThat(live.getMetadata().getLabels()).isNullOrEmpty();
  }

  @OnBothClusters
  void anEnvVarRemovedFromTheAppliedConfigIsRemovedAndTheOthersStay(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("ssa-env");
    applyAsGateway(cluster.client(), load("deployment.yaml", ns));
    GenericKubernetesResource withoutDebug = load("deployment.yaml", ns);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> containers =
        (List<Map<String, Object>>) map(withoutDebug, "spec", "template", "spec").get("containers");
    containers.get(0).put("env", List.of(Map.of("name", "MODE", "value", "production")));

    GenericKubernetesResource live = applyAsGateway(cluster.client(), withoutDebug);

    assertThat(envNames(live)).containsExactly("MODE");
  }

  @OnBothClusters
  void aScaleByAnotherManagerIsLeftAloneWhenTheAppStopsManagingReplicas(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("ssa-hpa");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    applyAsGateway(cluster.client(), deployment);
    scaleAsAutoscaler(cluster, ns, 5);
    map(deployment, "spec").remove("replicas");

    GenericKubernetesResource live = applyAsGateway(cluster.client(), deployment);

    assertThat(replicas(live)).isEqualTo(5);
  }

  @OnBothClusters
  void changingAFieldAnotherManagerOwnsIsAConflictNamingFieldAndManagerUnlessForced(
      ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("ssa-conflict");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    applyAsGateway(cluster.client(), deployment);
    scaleAsAutoscaler(cluster, ns, 5);

    assertThatThrownBy(() -> apply(cluster.client(), GATEWAY, deployment))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getMessage()).contains(AUTOSCALER).contains(".spec.replicas");
              assertThat(e.getStatus().getDetails().getCauses())
                  .singleElement()
                  .satisfies(c -> assertThat(c.getField()).isEqualTo(".spec.replicas"));
            });
    GenericKubernetesResource forced = applyAsGateway(cluster.client(), deployment);
    assertThat(replicas(forced)).isEqualTo(2);
    assertThat(forced.getMetadata().getManagedFields())
        .filteredOn(e -> e.getManager().equals(AUTOSCALER))
        .extracting(ManagedFieldsEntry::getFieldsV1)
        .allSatisfy(
            f -> assertThat(f.getAdditionalProperties().toString()).doesNotContain("f:replicas"));
  }

  @OnBothClusters
  void reapplyingAnUnchangedConfigChangesNothingEvenWhereTheServerDefaultedFields(
      ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("ssa-noop");
    GenericKubernetesResource first = applyAsGateway(cluster.client(), load("deployment.yaml", ns));

    GenericKubernetesResource second =
        applyAsGateway(cluster.client(), load("deployment.yaml", ns));

    assertThat(second.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(second.getMetadata().getGeneration()).isEqualTo(1L);
  }
}
