package io.gitops.gateway.apiserver;

import static io.gitops.gateway.apiserver.Fixtures.applyAsGateway;
import static io.gitops.gateway.apiserver.Fixtures.load;
import static io.gitops.gateway.apiserver.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * metadata.generation moves on spec changes only: health checks compare it with status.observedGeneration,
 * so a bump on a label change would make every relabelled app look like it is rolling out.
 */
@Tag("apiserver")
class GenerationAgreementTest {
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(BothClusters.class)
  void aSpecChangeBumpsTheGeneration(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("gen-spec");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    applyAsGateway(cluster.client(), deployment);
    map(deployment, "spec").put("replicas", 4);

    GenericKubernetesResource live = applyAsGateway(cluster.client(), deployment);

    assertThat(live.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(BothClusters.class)
  void aMetadataChangeKeepsTheGenerationButMovesTheResourceVersion(ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("gen-meta");
    GenericKubernetesResource deployment = load("deployment.yaml", ns);
    GenericKubernetesResource first = applyAsGateway(cluster.client(), deployment);
    deployment.getMetadata().setLabels(Map.of("app", "web", "team", "payments"));
    deployment.getMetadata().setAnnotations(Map.of("example.com/owner", "payments"));

    GenericKubernetesResource live = applyAsGateway(cluster.client(), deployment);

    assertThat(live.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(live.getMetadata().getResourceVersion()).isNotEqualTo(first.getMetadata().getResourceVersion());
  }
}
