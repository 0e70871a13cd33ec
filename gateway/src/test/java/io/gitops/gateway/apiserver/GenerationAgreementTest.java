package io.gitops.gateway.apiserver;

import static io.gitops.gateway.apiserver.Fixtures.applyAsGateway;
import static io.gitops.gateway.apiserver.Fixtures.load;
import static io.gitops.gateway.apiserver.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * metadata.generation moves on spec changes: health checks compare it with
 * status.observedGeneration, so a bump the check does not expect makes an app look like it is
 * rolling out.
 */
@Tag("apiserver")
class GenerationAgreementTest {
  @OnBothClusters
  void aSpecChangeBumpsTheGeneration(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("gen-spec");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    applyAsGateway(cluster.client(), deployment);
    map(deployment, "spec").put("replicas", 4);

    GenericKubernetesResource live = applyAsGateway(cluster.client(), deployment);

    assertThat(live.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @OnBothClusters
  void aLabelChangeKeepsTheGenerationButMovesTheResourceVersion(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("gen-labels");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    GenericKubernetesResource first = applyAsGateway(cluster.client(), deployment);
    deployment.getMetadata().setLabels(Map.of("app", "web", "team", "payments"));

    GenericKubernetesResource live = applyAsGateway(cluster.client(), deployment);

    assertThat(live.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(live.getMetadata().getResourceVersion())
        .isNotEqualTo(first.getMetadata().getResourceVersion());
  }

  /**
   * A Deployment is the exception: its generation also moves when its annotations change (the API
   * server's Deployment strategy has done so since annotation-driven rollbacks), so a health check
   * must not read a new generation on a Deployment as a new spec.
   */
  @OnBothClusters
  void anAnnotationChangeBumpsADeploymentsGeneration(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("gen-annotations");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    applyAsGateway(cluster.client(), deployment);
    deployment.getMetadata().setAnnotations(Map.of("example.com/owner", "payments"));

    GenericKubernetesResource live = applyAsGateway(cluster.client(), deployment);

    assertThat(live.getMetadata().getGeneration()).isEqualTo(2L);
  }
}
