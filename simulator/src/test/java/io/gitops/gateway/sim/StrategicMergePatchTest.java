package io.gitops.gateway.sim;

import static io.gitops.gateway.sim.SimulatorFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Strategic merge patches as kubectl and fabric8 send them to built-in kinds. */
class StrategicMergePatchTest {
  private static final PatchContext SMP = PatchContext.of(PatchType.STRATEGIC_MERGE);
  @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension("smp");

  private static Deployment twoContainers(String name) {
    Deployment d = deployment(name, "nginx:1.27", Map.of());
    Container app = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    app.setEnv(List.of(new EnvVar("A", "1", null), new EnvVar("B", "2", null)));
    Container sidecar = new Container();
    sidecar.setName("sidecar");
    sidecar.setImage("busybox:1.36");
    d.getSpec().getTemplate().getSpec().setContainers(List.of(app, sidecar));
    return CLUSTER.client().resource(d).create();
  }

  private static Deployment patch(String name, String json) {
    return CLUSTER
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName(name)
        .patch(SMP, json);
  }

  @Test
  void containersMergeByNameSoOtherContainersAndFieldsStay() {
    twoContainers("by-name");

    Deployment after =
        patch(
            "by-name",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.28\"}]}}}}");

    List<Container> containers = after.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).extracting(Container::getName).containsExactly("app", "sidecar");
    assertThat(containers.get(0).getImage()).isEqualTo("nginx:1.28");
    assertThat(containers.get(0).getEnv()).extracting(EnvVar::getName).containsExactly("A", "B");
  }

  @Test
  void envMergesByNameAndDeleteDirectiveRemovesOneEntry() {
    twoContainers("env");

    Deployment after =
        patch(
            "env",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":["
                + "{\"name\":\"B\",\"value\":\"changed\"},{\"name\":\"C\",\"value\":\"3\"},{\"name\":\"A\",\"$patch\":\"delete\"}]}]}}}}");

    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("B", "changed"),
            org.assertj.core.groups.Tuple.tuple("C", "3"));
  }

  @Test
  void deleteDirectiveRemovesAContainer() {
    twoContainers("delete");

    Deployment after =
        patch(
            "delete",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");

    assertThat(after.getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("app");
  }

  @Test
  void volumesAndMountsMergeByTheirKeys() {
    twoContainers("volumes");
    patch(
        "volumes",
        "{\"spec\":{\"template\":{\"spec\":{\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}],"
            + "\"containers\":[{\"name\":\"app\",\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]}]}}}}");

    Deployment after =
        patch(
            "volumes",
            "{\"spec\":{\"template\":{\"spec\":{\"volumes\":[{\"name\":\"cache\",\"emptyDir\":{}}],"
                + "\"containers\":[{\"name\":\"app\",\"volumeMounts\":[{\"name\":\"cache\",\"mountPath\":\"/cache\"}]}]}}}}");

    var spec = after.getSpec().getTemplate().getSpec();
    assertThat(spec.getVolumes()).extracting(v -> v.getName()).containsExactly("data", "cache");
    assertThat(spec.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/data", "/cache");
  }

  @Test
  void listsWithoutAMergeKeyAreReplaced() {
    twoContainers("atomic");

    Deployment after =
        patch(
            "atomic",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"args\":[\"--b\"]}]}}}}");
    Deployment again =
        patch(
            "atomic",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"args\":[\"--c\"]}]}}}}");

    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("--b");
    assertThat(again.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("--c");
  }

  @Test
  void aStrategicMergePatchOnAMissingObjectIsNotFound() {
    assertThatThrownBy(() -> patch("missing", "{\"spec\":{}}"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }
}
