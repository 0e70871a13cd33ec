package io.gitops.gateway.sim;

import static io.gitops.gateway.sim.SimulatorFixtures.GATEWAY;
import static io.gitops.gateway.sim.SimulatorFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server-side apply as fabric8 sends it, with field ownership per manager. */
class ServerSideApplyTest {
  @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension("ssa");

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T apply(
      String manager, T object, boolean force) {
    var op = CLUSTER.client().resource(object).fieldManager(manager);
    return force ? op.forceConflicts().serverSideApply() : op.serverSideApply();
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  void applyCreatesTheObjectAndRecordsTheManagerAsOwner() {
    ConfigMap created = apply(GATEWAY, configMap("created", Map.of("a", "1")), true);

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getGeneration())
        .as("a ConfigMap has no generation, as on a real API server (KubectlAgreementTest)")
        .isNull();
    ManagedFieldsEntry entry = created.getMetadata().getManagedFields().get(0);
    assertThat(entry.getManager()).isEqualTo(GATEWAY);
    assertThat(entry.getOperation()).isEqualTo("Apply");
    assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
    assertThat(entry.getFieldsV1().getAdditionalProperties()).containsKey("f:data");
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothing() {
    ConfigMap first = apply(GATEWAY, configMap("same", Map.of("a", "1")), true);
    ConfigMap second = apply(GATEWAY, configMap("same", Map.of("a", "1")), true);

    assertThat(second.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
  }

  @Test
  void aFieldTheManagerStopsApplyingIsRemoved() {
    apply(GATEWAY, configMap("shrinks", Map.of("keep", "1", "drop", "2")), true);
    ConfigMap after = apply(GATEWAY, configMap("shrinks", Map.of("keep", "1")), true);

    assertThat(after.getData()).containsOnlyKeys("keep");
  }

  @Test
  void aContainerEnvVarDroppedFromGitIsRemovedButOthersStay() {
    Deployment d = deployment("env-drop", "nginx:1.27", Map.of("app", "env-drop"));
    d.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setEnv(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.EnvVar("KEEP", "1", null),
                new io.fabric8.kubernetes.api.model.EnvVar("DROP", "2", null)));
    apply(GATEWAY, d, true);
    d.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setEnv(java.util.List.of(new io.fabric8.kubernetes.api.model.EnvVar("KEEP", "1", null)));

    Deployment after = apply(GATEWAY, d, true);

    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(io.fabric8.kubernetes.api.model.EnvVar::getName)
        .containsExactly("KEEP");
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:1.27");
  }

  @Test
  void aFieldAnotherManagerAlsoOwnsStaysWhenTheGatewayStopsApplyingIt() {
    apply(GATEWAY, configMap("shared", Map.of("a", "1", "b", "2")), true);
    apply(
        "other-tool",
        configMap("shared", Map.of("b", "2")),
        false); // same value: shared ownership, no conflict

    ConfigMap after = apply(GATEWAY, configMap("shared", Map.of("a", "1")), true);

    assertThat(after.getData()).containsEntry("b", "2");
  }

  @Test
  void changingAnotherManagersFieldWithoutForceIsAConflictNamingFieldAndManager() {
    Deployment d = deployment("conflict", "nginx:1.27", Map.of());
    apply(GATEWAY, d, true);
    CLUSTER
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("conflict")
        .edit(
            x -> {
              x.getSpec().setReplicas(5);
              return x;
            }); // kubectl-edit-like Update by another manager

    assertThatThrownBy(() -> apply(GATEWAY, d, false))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getMessage())
                  .contains(".spec.replicas")
                  .contains("fabric8-kubernetes-client");
              assertThat(e.getStatus().getDetails().getCauses())
                  .singleElement()
                  .satisfies(c -> assertThat(c.getField()).isEqualTo(".spec.replicas"));
            });
  }

  @Test
  void forceTakesTheFieldOverFromTheOtherManager() {
    Deployment d = deployment("forced", "nginx:1.27", Map.of());
    apply(GATEWAY, d, true);
    CLUSTER
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("forced")
        .edit(
            x -> {
              x.getSpec().setReplicas(5);
              return x;
            });

    Deployment after = apply(GATEWAY, d, true);

    assertThat(after.getSpec().getReplicas()).isEqualTo(2);
    assertThat(after.getMetadata().getManagedFields())
        .filteredOn(e -> e.getManager().equals("fabric8-kubernetes-client"))
        .allSatisfy(
            e ->
                assertThat(e.getFieldsV1().getAdditionalProperties().toString())
                    .doesNotContain("f:replicas"));
  }

  @Test
  void aFieldTakenByAnotherManagerIsLeftAloneWhenTheGatewayStopsApplyingIt() {
    Deployment d = deployment("scaled", "nginx:1.27", Map.of());
    apply(GATEWAY, d, true);
    Deployment hpa = deployment("scaled", "nginx:1.27", Map.of());
    hpa.getSpec().setReplicas(7);
    apply(
        "hpa-controller",
        new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
            .withNewMetadata()
            .withName("scaled")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withReplicas(7)
            .endSpec()
            .build(),
        true);
    d.getSpec().setReplicas(null); // the app stops managing replicas

    Deployment after = apply(GATEWAY, d, true);

    assertThat(after.getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void ordinaryWritesAreRecordedAsUpdatesByTheirManager() {
    CLUSTER
        .client()
        .configMaps()
        .inNamespace("default")
        .resource(configMap("plain", Map.of("a", "1")))
        .create();
    ConfigMap edited =
        CLUSTER
            .client()
            .configMaps()
            .inNamespace("default")
            .withName("plain")
            .edit(
                c -> {
                  c.getData().put("b", "2");
                  return c;
                });

    assertThat(edited.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getManager()).isEqualTo("fabric8-kubernetes-client");
              assertThat(e.getOperation()).isEqualTo("Update");
            });
  }
}
