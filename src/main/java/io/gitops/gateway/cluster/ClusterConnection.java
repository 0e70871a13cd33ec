package io.gitops.gateway.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.KindScopes;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.Tracking;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One cluster: its client, an informer per kind the gateway deploys there, and apply/delete.
 * fabric8's blocking calls run on the "kube" worker pool; results come back as Futures.
 */
public final class ClusterConnection {
  private final ClusterId id;
  private final KubernetesClient client;
  private final WorkerExecutor pool;
  private final LiveListener listener;
  private final Map<GroupVersionKind, Future<ManagedInformer>> informers = new ConcurrentHashMap<>();

  ClusterConnection(ClusterId id, KubernetesClient client, WorkerExecutor pool, LiveListener listener) {
    this.id = id;
    this.client = client;
    this.pool = pool;
    this.listener = listener;
  }

  public ClusterId id() {
    return id;
  }

  /** Starts watching a kind (once); completes when the informer's first LIST is in the cache. */
  public Future<Void> watch(GroupVersionKind gvk, Context context) {
    return informers.computeIfAbsent(gvk, k -> pool
        .executeBlocking(() -> ManagedInformer.create(client, id, k, listener), false)
        .compose(informer -> Future.fromCompletionStage(informer.start(), context).map(informer)))
        .recover(err -> {
          informers.remove(gvk);
          return Future.failedFuture("cannot watch " + gvk + " on cluster " + id + ": " + err.getMessage());
        })
        .mapEmpty();
  }

  /** True when every informer started so far has listed its kind. */
  public boolean synced() {
    for (Future<ManagedInformer> f : informers.values()) {
      if (!f.succeeded() || !f.result().synced()) {
        return false;
      }
    }
    return true;
  }

  /** The live objects labelled as this app's, from the informer caches (no API call). */
  public List<Map<String, Object>> liveObjectsOf(AppId app) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Future<ManagedInformer> f : informers.values()) {
      if (f.succeeded()) {
        for (GenericKubernetesResource r : f.result().objectsOf(app)) {
          out.add(toMap(r));
        }
      }
    }
    return out;
  }

  /** Server-side apply with the gateway's field manager; returns the object as the server stored it. */
  public Future<Map<String, Object>> apply(Map<String, Object> object) {
    return apply(object, true);
  }

  /** Without {@code force}, a field owned by another manager fails the apply with a 409 naming it. */
  public Future<Map<String, Object>> apply(Map<String, Object> object, boolean force) {
    return pool.executeBlocking(() -> {
      GenericKubernetesResource resource = client.getKubernetesSerialization()
          .convertValue(object, GenericKubernetesResource.class);
      var op = target(object).resource(resource).fieldManager(Tracking.FIELD_MANAGER);
      GenericKubernetesResource applied = (force ? op.forceConflicts() : op).serverSideApply();
      return toMap(applied);
    }, false);
  }

  public Future<Void> delete(Map<String, Object> object) {
    ResourceKey key = ResourceKey.of(object);
    return pool.executeBlocking(() -> {
      target(object).withName(key.name()).delete();
      return null;
    }, false);
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      target(Map<String, Object> object) {
    GroupVersionKind gvk = GroupVersionKind.of(object);
    ResourceKey key = ResourceKey.of(object);
    var op = client.genericKubernetesResources(gvk.apiVersion(), gvk.kind());
    if (KindScopes.isClusterScoped(key.group(), key.kind()) || key.namespace().isEmpty()) {
      return op;
    }
    return op.inNamespace(key.namespace());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> toMap(GenericKubernetesResource r) {
    return client.getKubernetesSerialization().convertValue(r, Map.class);
  }

  public void close() {
    informers.values().forEach(f -> {
      if (f.succeeded()) {
        f.result().stop();
      }
    });
    client.close();
  }
}
