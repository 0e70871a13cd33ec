package io.gitops.loadtest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The harness acting on the clusters behind the gateway's back (as a person with kubectl would),
 * and seeing each edited ConfigMap restored through a watch of its own on that cluster: the
 * simulated API server pays for it, not the gateway.
 */
public final class KubeClients implements AutoCloseable {
  private final Vertx vertx;
  private final Map<String, String> urls;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * One edit waiting to be undone. A watch event with the desired value counts only when its
   * resourceVersion is newer than the edit's (a watch may replay older objects); it may arrive
   * before the edit's own answer, so such events wait here until that answer tells.
   */
  private static final class Pending {
    final String value;
    final CompletableFuture<Long> healed = new CompletableFuture<>();
    private long editVersion = -1;
    private final List<long[]> early = new ArrayList<>();

    Pending(String value) {
      this.value = value;
    }

    synchronized void seen(long version, long at) {
      if (editVersion < 0) {
        early.add(new long[] {version, at});
      } else if (version > editVersion) {
        healed.complete(at);
      }
    }

    synchronized void edited(long version) {
      editVersion = version;
      early.stream().filter(e -> e[0] > version).findFirst().ifPresent(e -> healed.complete(e[1]));
    }
  }

  public KubeClients(Vertx vertx, Map<String, String> urls) {
    this.vertx = vertx;
    this.urls = urls;
  }

  private KubernetesClient client(String cluster) {
    return clients.computeIfAbsent(
        cluster,
        c -> {
          Config config =
              new ConfigBuilder(Config.empty())
                  .withMasterUrl(urls.get(c))
                  .withHttp2Disable(true)
                  .withRequestRetryBackoffLimit(0)
                  .build();
          return new KubernetesClientBuilder()
              .withConfig(config)
              .withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
              .build();
        });
  }

  /** Watches the cluster's managed ConfigMaps once (before the first edit on it). */
  private void watch(String cluster) {
    watches.computeIfAbsent(
        cluster,
        c ->
            client(c)
                .configMaps()
                .inAnyNamespace()
                .withLabel("gitops.io/app")
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, ConfigMap cm) {
                        String key =
                            c
                                + "/"
                                + cm.getMetadata().getNamespace()
                                + "/"
                                + cm.getMetadata().getName();
                        Pending p = pending.get(key);
                        if (p != null
                            && cm.getData() != null
                            && p.value.equals(cm.getData().get("version"))) {
                          p.seen(version(cm), System.nanoTime());
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {
                        watches.remove(c);
                      }
                    }));
  }

  /**
   * Changes {@code data.version} of a managed ConfigMap to {@code drift}; the future completes
   * (System.nanoTime) when the cluster shows {@code desired} again.
   */
  public CompletableFuture<Long> drift(
      String cluster, String namespace, String name, String desired, String drift) {
    watch(cluster);
    String key = cluster + "/" + namespace + "/" + name;
    Pending p = new Pending(desired);
    pending.put(key, p);
    ConfigMap edited =
        client(cluster)
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"version\":\"" + drift + "\"}}");
    p.edited(version(edited));
    return p.healed.whenComplete((at, err) -> pending.remove(key, p));
  }

  private static long version(ConfigMap cm) {
    return Long.parseLong(cm.getMetadata().getResourceVersion());
  }

  @Override
  public void close() {
    List<Watch> open = new ArrayList<>(watches.values());
    open.forEach(Watch::close);
    clients.values().forEach(KubernetesClient::close);
  }
}
