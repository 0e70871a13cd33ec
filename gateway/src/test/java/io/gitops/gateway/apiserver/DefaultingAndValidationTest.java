package io.gitops.gateway.apiserver;

import static io.gitops.gateway.apiserver.Fixtures.GATEWAY;
import static io.gitops.gateway.apiserver.Fixtures.applyAsGateway;
import static io.gitops.gateway.apiserver.Fixtures.load;
import static io.gitops.gateway.apiserver.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * What the API server adds to and refuses in what the gateway applies. The simulator does neither
 * (it stores what it is given), so these cases are skipped there with that reason: the gateway's
 * drift detection and error reporting must be proven against the real server.
 */
@Tag("apiserver")
class DefaultingAndValidationTest {
  private static final String NO_DEFAULTS =
      "the simulator does not default fields (SimulatedCluster stores objects as" + " applied)";
  private static final String NO_VALIDATION =
      "the simulator does not validate objects beyond metadata.name";

  @OnBothClusters
  void defaultedFieldsAppearOnTheLiveObjectButAreNotOwnedByTheGateway(ClusterUnderTest cluster) {
    cluster.assumeRealServer(NO_DEFAULTS);
    String ns = cluster.newNamespace("defaults");

    GenericKubernetesResource live = applyAsGateway(cluster.client(), load("deployment.yaml", ns));

    assertThat(map(live, "spec"))
        .containsEntry("revisionHistoryLimit", 10)
        .containsEntry("progressDeadlineSeconds", 600);
    assertThat(map(live, "spec", "strategy")).containsEntry("type", "RollingUpdate");
    @SuppressWarnings("unchecked")
    Map<String, Object> container =
        ((List<Map<String, Object>>) map(live, "spec", "template", "spec").get("containers"))
            .get(0);
    assertThat(container)
        .containsEntry("imagePullPolicy", "IfNotPresent")
        .containsEntry("terminationMessagePath", "/dev/termination-log");
    // Drift is what the gateway owns and differs; defaults are owned by nobody, so they never show
    // as drift.
    assertThat(live.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getManager()).isEqualTo(GATEWAY);
              assertThat(e.getFieldsV1().getAdditionalProperties().toString())
                  .doesNotContain("f:strategy", "f:revisionHistoryLimit", "f:imagePullPolicy");
            });
  }

  @OnBothClusters
  void aDeploymentWhoseSelectorDoesNotMatchItsPodsIsRejectedAs422NamingTheField(
      ClusterUnderTest cluster) {
    cluster.assumeRealServer(NO_VALIDATION);
    String ns = cluster.newNamespace("invalid");
    GenericKubernetesResource invalid = load("deployment.yaml", ns);
    map(invalid, "spec", "template", "metadata").put("labels", Map.of("app", "something-else"));

    assertThatThrownBy(() -> applyAsGateway(cluster.client(), invalid))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getMessage())
                  .contains("Deployment.apps \"web\" is invalid")
                  .contains("spec.template.metadata.labels");
            });
    assertThat(cluster.client().apps().deployments().inNamespace(ns).withName("web").get())
        .isNull();
  }

  @OnBothClusters
  void anObjectWithAnInvalidNameIsRejectedAs422(ClusterUnderTest cluster) {
    cluster.assumeRealServer(NO_VALIDATION);
    String ns = cluster.newNamespace("bad-name");
    GenericKubernetesResource invalid = load("configmap.yaml", ns);
    invalid.getMetadata().setName("Not_A_DNS_Name");

    assertThatThrownBy(() -> applyAsGateway(cluster.client(), invalid))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .contains("metadata.name")
                  .contains("Not_A_DNS_Name");
            });
  }
}
