package io.gitops.gateway.sim;

import static io.gitops.gateway.sim.SimulatorFixtures.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A label-selected informer across namespaces sees adds, updates (including applies) and deletes.
 */
class InformerTest {

  @Test
  void aLabelSelectedInformerSeesAddUpdateAndDelete() {
    try (SimulatedCluster cluster = SimulatedCluster.start("informer")) {
      KubernetesClient client = cluster.client();
      List<String> events = new CopyOnWriteArrayList<>();
      try (SharedIndexInformer<ConfigMap> informer =
          client
              .configMaps()
              .inAnyNamespace()
              .withLabel("managed-by")
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                      events.add("ADD " + obj.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                      events.add(
                          "UPDATE " + newObj.getMetadata().getName() + " " + newObj.getData());
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                      events.add("DELETE " + obj.getMetadata().getName());
                    }
                  })) {
        ConfigMap tracked =
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tracked")
                .withNamespace("team-a")
                .addToLabels("managed-by", "gateway")
                .endMetadata()
                .withData(Map.of("k", "1"))
                .build();
        ConfigMap ignored =
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("ignored")
                .withNamespace("team-a")
                .endMetadata()
                .withData(Map.of("k", "1"))
                .build();

        client.resource(ignored).create();
        client.resource(tracked).fieldManager(GATEWAY).forceConflicts().serverSideApply();
        tracked.setData(Map.of("k", "2"));
        client.resource(tracked).fieldManager(GATEWAY).forceConflicts().serverSideApply();
        client.resource(tracked).delete();

        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(events)
                        .containsExactly("ADD tracked", "UPDATE tracked {k=2}", "DELETE tracked"));
        assertThat(informer.hasSynced()).isTrue();
      }
    }
  }
}
