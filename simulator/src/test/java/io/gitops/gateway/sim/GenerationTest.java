package io.gitops.gateway.sim;

import static io.gitops.gateway.sim.SimulatorFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** metadata.generation and resourceVersion as health checks and drift detection read them. */
class GenerationTest {
  @RegisterExtension
  // A long ready delay keeps the simulated controller out of these assertions.
  static final ClusterExtension CLUSTER =
      new ClusterExtension(
          "generation", SimulatorOptions.defaults().withReadyDelay(Duration.ofHours(1)));

  private static Deployment get(String name) {
    return CLUSTER.client().apps().deployments().inNamespace("default").withName(name).get();
  }

  @Test
  void createSetsGenerationOneAndASpecChangeBumpsIt() {
    Deployment created =
        CLUSTER.client().resource(deployment("spec-change", "nginx:1.27", Map.of())).create();
    Deployment scaled =
        CLUSTER
            .client()
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("spec-change")
            .edit(
                d -> {
                  d.getSpec().setReplicas(4);
                  return d;
                });

    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(Long.parseLong(scaled.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
  }

  @Test
  void aMetadataOnlyChangeKeepsTheGenerationButMovesTheResourceVersion() {
    Deployment created =
        CLUSTER.client().resource(deployment("labels", "nginx:1.27", Map.of())).create();
    Deployment labelled =
        CLUSTER
            .client()
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("labels")
            .edit(
                d -> {
                  d.getMetadata().getLabels().put("team", "a");
                  return d;
                });

    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(labelled.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void aStatusUpdateKeepsTheGenerationAndDoesNotTouchTheSpec() {
    CLUSTER.client().resource(deployment("status", "nginx:1.27", Map.of())).create();
    Deployment withStatus = get("status");
    withStatus.setStatus(
        new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(2).build());

    Deployment after = CLUSTER.client().resource(withStatus).updateStatus();

    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(after.getStatus().getReplicas()).isEqualTo(2);
    assertThat(after.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void statusSentWithTheObjectIsIgnoredForKindsWithAStatusSubresource() {
    Deployment d = deployment("status-ignored", "nginx:1.27", Map.of());
    d.setStatus(new DeploymentStatusBuilder().withReadyReplicas(99).build());

    Deployment created = CLUSTER.client().resource(d).create();

    assertThat(created.getStatus()).isNull();
  }

  @Test
  void aStaleResourceVersionIsAConflict() {
    Deployment created =
        CLUSTER.client().resource(deployment("stale", "nginx:1.27", Map.of())).create();
    CLUSTER
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("stale")
        .edit(
            d -> {
              d.getSpec().setReplicas(3);
              return d;
            });
    created.getSpec().setReplicas(9);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CLUSTER.client().resource(created).update())
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(409));
  }
}
