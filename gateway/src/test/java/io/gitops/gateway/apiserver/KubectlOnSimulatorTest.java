package io.gitops.gateway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.sim.SimulatedCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real kubectl does against a simulated cluster whose controllers run (the real API server
 * in the agreement tests has none): a rollout that finishes, its history and undo through the
 * simulated ReplicaSets, and the clear errors where the simulator cannot do what was asked.
 */
class KubectlOnSimulatorTest {
  private static final String DEPLOYMENT =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop, labels: {app: web}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: "nginx:1.27"}]
      """;

  @TempDir Path dir;
  private SimulatedCluster cluster;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws IOException {
    Path binary = Kubectl.binaryOrSkip();
    cluster = SimulatedCluster.start("kubectl");
    kubectl = Kubectl.of(binary, dir, "sim", cluster.url(), null);
    Files.writeString(dir.resolve("web.yaml"), DEPLOYMENT);
    assertThat(kubectl.run("apply", "-f", dir.resolve("web.yaml").toString()).exitCode()).isZero();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRolloutFinishesAndUndoReturnsToThePreviousTemplate() {
    assertThat(ok("-n", "shop", "rollout", "status", "deployment/web", "--timeout=60s"))
        .contains("successfully rolled out");
    ok("-n", "shop", "set", "image", "deployment/web", "web=nginx:1.28");
    assertThat(ok("-n", "shop", "rollout", "status", "deployment/web", "--timeout=60s"))
        .contains("successfully rolled out");
    assertThat(ok("-n", "shop", "rollout", "history", "deployment/web"))
        .containsPattern("(?m)^1\\s+<none>$")
        .containsPattern("(?m)^2\\s+<none>$");

    assertThat(ok("-n", "shop", "rollout", "undo", "deployment/web"))
        .contains("deployment.apps/web rolled back");
    assertThat(ok("-n", "shop", "rollout", "status", "deployment/web", "--timeout=60s"))
        .contains("successfully rolled out");

    assertThat(
            ok(
                "-n",
                "shop",
                "get",
                "deployment",
                "web",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}"))
        .isEqualTo("nginx:1.27 3");
    // the first template's ReplicaSet came back as revision 3 and is the one with replicas
    assertThat(ok("-n", "shop", "rollout", "history", "deployment/web"))
        .containsPattern("(?m)^2\\s+<none>$")
        .containsPattern("(?m)^3\\s+<none>$")
        .doesNotContainPattern("(?m)^1\\s");
    assertThat(ok("-n", "shop", "describe", "deployment", "web"))
        .containsPattern("NewReplicaSet:\\s+web-\\w+ \\(2/2 replicas created\\)");

    ok("-n", "shop", "delete", "deployment", "web");
    assertThat(ok("-n", "shop", "get", "replicasets", "-o", "name"))
        .as("the ReplicaSets went with their Deployment")
        .isEmpty();
  }

  @Test
  void whatTheSimulatorCannotDoIsAClearKubernetesError() {
    // kubectl create <kind> sends protobuf through client-go's typed clients
    Kubectl.Result create =
        kubectl.run("-n", "shop", "create", "configmap", "x", "--from-literal=a=b");
    assertThat(create.exitCode()).isNotZero();
    assertThat(create.err())
        .contains("failed to create configmap")
        .contains("JSON and YAML bodies only")
        .contains("kubectl apply -f");

    // a watch over HTTP is answered as one from a compacted resourceVersion
    Kubectl.Result watch =
        kubectl.run("-n", "shop", "get", "deployments", "--watch-only", "--request-timeout=10s");
    assertThat(watch.exitCode()).isNotZero();
    assertThat(watch.err()).contains("Error from server (Expired)").contains("kubectl get -w");
  }

  private String ok(String... args) {
    Kubectl.Result r = kubectl.run(args);
    assertThat(r.exitCode())
        .as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err())
        .isZero();
    return r.out().strip();
  }
}
