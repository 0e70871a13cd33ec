package io.gitops.gateway.sim;

import static io.gitops.gateway.sim.SimulatorFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulated Deployment and StatefulSet controllers, as a health assessment reads their status.
 */
class WorkloadControllerTest {
  @RegisterExtension
  static final ClusterExtension CLUSTER =
      new ClusterExtension(
          "workloads", new SimulatorOptions(Duration.ofMillis(50), Duration.ofMillis(300)));

  private static Deployment get(String name) {
    return CLUSTER.client().apps().deployments().inNamespace("default").withName(name).get();
  }

  private static Optional<DeploymentCondition> condition(Deployment d, String type) {
    return d.getStatus() == null || d.getStatus().getConditions() == null
        ? Optional.empty()
        : d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  @Test
  void aDeploymentBecomesAvailableAfterTheReadyDelay() {
    CLUSTER.client().resource(deployment("web", "nginx:1.27", Map.of())).create();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Deployment d = get("web");
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
              assertThat(condition(d, "Available"))
                  .get()
                  .extracting(DeploymentCondition::getStatus)
                  .isEqualTo("True");
              assertThat(condition(d, "Progressing"))
                  .get()
                  .extracting(DeploymentCondition::getReason)
                  .isEqualTo("NewReplicaSetAvailable");
            });
    assertThat(get("web").getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void aNewSpecIsObservedAgain() {
    CLUSTER.client().resource(deployment("rollout", "nginx:1.27", Map.of())).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> get("rollout").getStatus() != null);

    CLUSTER
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("rollout")
        .edit(
            d -> {
              d.getSpec().setReplicas(3);
              return d;
            });

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Deployment d = get("rollout");
              assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
            });
  }

  @Test
  void aBadImageNeverBecomesReadyAndExceedsItsProgressDeadline() {
    CLUSTER.client().resource(deployment("broken", "nginx:bad", Map.of())).create();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Deployment d = get("broken");
              assertThat(condition(d, "Progressing"))
                  .get()
                  .satisfies(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
                      });
              assertThat(d.getStatus().getReadyReplicas()).isNull();
              assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(2);
              assertThat(condition(d, "Available"))
                  .get()
                  .extracting(DeploymentCondition::getStatus)
                  .isEqualTo("False");
            });
  }

  @Test
  void theControllerIsRecordedAsTheStatusManager() {
    CLUSTER.client().resource(deployment("managed", "nginx:1.27", Map.of())).create();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(get("managed").getMetadata().getManagedFields())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getManager()).isEqualTo("kube-controller-manager");
                          assertThat(e.getSubresource()).isEqualTo("status");
                        }));
  }

  @Test
  void aWatchSeesTheControllersStatusUpdate() {
    java.util.List<Integer> readySeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        CLUSTER
            .client()
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("watched")
            .watch(
                new io.fabric8.kubernetes.client.Watcher<Deployment>() {
                  @Override
                  public void eventReceived(Action action, Deployment d) {
                    if (d.getStatus() != null && d.getStatus().getReadyReplicas() != null) {
                      readySeen.add(d.getStatus().getReadyReplicas());
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                })) {
      CLUSTER.client().resource(deployment("watched", "nginx:1.27", Map.of())).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(readySeen).contains(2));
    }
  }

  @Test
  void aStatefulSetBecomesReady() {
    CLUSTER
        .client()
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withServiceName("db")
                .withNewSelector()
                .addToMatchLabels("app", "db")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "db")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("postgres:17")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              StatefulSet s =
                  CLUSTER
                      .client()
                      .apps()
                      .statefulSets()
                      .inNamespace("default")
                      .withName("db")
                      .get();
              assertThat(s.getStatus()).isNotNull();
              assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
              assertThat(s.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(s.getStatus().getCurrentRevision())
                  .isEqualTo(s.getStatus().getUpdateRevision());
            });
  }
}
