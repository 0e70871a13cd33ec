package io.gitops.gateway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A watch that outlives an etcd compaction: resuming it is answered 410 Gone, and an informer (how
 * the gateway watches clusters) must re-list instead of missing what changed meanwhile. Real API
 * server only: the simulator never compacts.
 */
@Tag("apiserver")
@ExtendWith(RealApiServerExtension.class)
class WatchCompactionTest {
  private static ConfigMap configMap(String ns, String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withData(Map.of("value", value))
        .build();
  }

  private static long rv(ConfigMap c) {
    return Long.parseLong(c.getMetadata().getResourceVersion());
  }

  /** How a watch of ConfigMaps in {@code ns} from {@code resourceVersion} ends. */
  private static WatcherException watchFrom(
      KubernetesClient client, String ns, String resourceVersion) throws Exception {
    CompletableFuture<WatcherException> closed = new CompletableFuture<>();
    try (Watch ignored =
        client
            .configMaps()
            .inNamespace(ns)
            .watch(
                new ListOptionsBuilder().withResourceVersion(resourceVersion).build(),
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap resource) {}

                  @Override
                  public void onClose(WatcherException cause) {
                    closed.complete(cause);
                  }
                })) {
      return closed.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void resumingAWatchFromACompactedResourceVersionIsAnswered410Gone(RealApiServer server)
      throws Exception {
    KubernetesClient client = server.client();
    String ns = ClusterUnderTest.Namespaces.create(client, "watch-gone");
    ConfigMap first = client.resource(configMap(ns, "counter", "1")).create();
    client.resource(configMap(ns, "counter", "2")).update();
    // Compacting at the very next revision would remove only the resumed-from revision's previous
    // value, which
    // the API server answers with a 500 (PrevKv=nil); a revision beyond it is the ordinary case,
    // 410.
    ConfigMap third = client.resource(configMap(ns, "counter", "3")).update();
    server.etcd().compact(rv(third));

    WatcherException gone = watchFrom(client, ns, first.getMetadata().getResourceVersion());

    assertThat(gone.isHttpGone()).as("410 Gone: %s", gone.getMessage()).isTrue();
  }

  @Test
  void anInformerCutOffAcrossACompactionRelistsAndCatchesUp(RealApiServer server) throws Exception {
    KubernetesClient direct = server.client();
    String ns = ClusterUnderTest.Namespaces.create(direct, "informer");
    direct.resource(configMap(ns, "a", "1")).create();
    direct.resource(configMap(ns, "b", "1")).create();
    List<String> relistDeletions = new CopyOnWriteArrayList<>();
    try (TcpProxy proxy = new TcpProxy(URI.create(server.url()).getPort());
        KubernetesClient viaProxy =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(server.config())
                        .withMasterUrl("https://127.0.0.1:" + proxy.port())
                        .withWatchReconnectInterval(100)
                        .build())
                .build();
        SharedIndexInformer<ConfigMap> informer =
            viaProxy
                .configMaps()
                .inNamespace(ns)
                .inform(deletionsSeenOnlyByRelisting(relistDeletions))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> informer.getStore().listKeys().size() == 2);
      String resumeFrom = informer.lastSyncResourceVersion();

      proxy.cut();
      direct.configMaps().inNamespace(ns).withName("a").delete();
      direct.resource(configMap(ns, "b", "2")).update();
      ConfigMap last = direct.resource(configMap(ns, "c", "1")).create();
      server.etcd().compact(rv(last));
      assertThat(watchFrom(direct, ns, resumeFrom).isHttpGone())
          .as("resuming where the informer stopped is 410 Gone")
          .isTrue();
      proxy.restore();

      await("informer caught up")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(informer.getStore().listKeys())
                    .containsExactlyInAnyOrder(ns + "/b", ns + "/c");
                assertThat(informer.getStore().getByKey(ns + "/b").getData())
                    .containsEntry("value", "2");
              });
      assertThat(relistDeletions).containsExactly("a");
    }
  }

  /** Records deletions an informer learnt from a re-list: it never saw the DELETED event itself. */
  private static ResourceEventHandler<ConfigMap> deletionsSeenOnlyByRelisting(List<String> into) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {}

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        if (deletedFinalStateUnknown) {
          into.add(obj.getMetadata().getName());
        }
      }
    };
  }
}
