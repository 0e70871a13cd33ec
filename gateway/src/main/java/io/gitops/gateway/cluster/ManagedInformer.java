package io.gitops.gateway.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.KindScopes;
import io.gitops.gateway.model.Tracking;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One informer for one kind on one cluster, selecting only objects that carry the gateway's tenant
 * label, indexed by app so an app's live objects are found without scanning the cluster's.
 */
final class ManagedInformer {
  private static final String BY_APP = "by-app";

  private final SharedIndexInformer<GenericKubernetesResource> informer;

  private ManagedInformer(SharedIndexInformer<GenericKubernetesResource> informer) {
    this.informer = informer;
  }

  /**
   * A custom kind's scope from discovery, for the pure parts (keys, diff, tenant rules) that must
   * not give a cluster-scoped resource a namespace. Built-in kinds are known already.
   */
  private static void learnScope(KubernetesClient client, GroupVersionKind gvk) {
    int slash = gvk.apiVersion().indexOf('/');
    if (slash < 0) {
      return; // the core group: only built-in kinds
    }
    var resources = client.getApiResources(gvk.apiVersion());
    if (resources == null) {
      return;
    }
    resources.getResources().stream()
        .filter(
            r ->
                gvk.kind().equals(r.getKind())
                    && !r.getName().contains("/")
                    && Boolean.FALSE.equals(r.getNamespaced()))
        .findFirst()
        .ifPresent(
            r -> KindScopes.learnClusterScoped(gvk.apiVersion().substring(0, slash), gvk.kind()));
  }

  /** Blocking (fabric8 may run discovery to find the resource): call on a worker. */
  static ManagedInformer create(
      KubernetesClient client, ClusterId cluster, GroupVersionKind gvk, LiveListener listener) {
    learnScope(client, gvk);
    SharedIndexInformer<GenericKubernetesResource> informer =
        client
            .genericKubernetesResources(gvk.apiVersion(), gvk.kind())
            .inAnyNamespace()
            .withLabel(Tracking.TENANT_LABEL)
            .runnableInformer(0);
    informer.addIndexers(Map.of(BY_APP, r -> List.of(indexKey(r))));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource obj) {
            notify(obj);
          }

          @Override
          public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            Map<String, Object> before = toMap(client, oldObj);
            Map<String, Object> after = toMap(client, newObj);
            if (!StatusOnly.change(before, after) || listener.healthChanged(before, after)) {
              notify(newObj);
            }
          }

          @Override
          public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            notify(obj);
          }

          private void notify(GenericKubernetesResource obj) {
            AppId app = appOf(obj);
            if (app != null) {
              listener.changed(cluster, app);
            }
          }
        });
    return new ManagedInformer(informer);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(KubernetesClient client, GenericKubernetesResource r) {
    return client.getKubernetesSerialization().convertValue(r, Map.class);
  }

  CompletionStage<Void> start() {
    return informer.start();
  }

  boolean synced() {
    return informer.hasSynced();
  }

  int size() {
    return informer.getStore().list().size();
  }

  List<GenericKubernetesResource> objectsOf(AppId app) {
    return informer.getIndexer().byIndex(BY_APP, app.tenant().value() + "/" + app.name());
  }

  /**
   * The cached copy of one object (every tenant's labelled objects of this kind are cached), or
   * null.
   */
  GenericKubernetesResource cached(String namespace, String name) {
    return informer.getStore().getByKey(namespace.isEmpty() ? name : namespace + "/" + name);
  }

  void stop() {
    informer.stop();
  }

  private static String indexKey(GenericKubernetesResource r) {
    Map<String, String> labels = r.getMetadata().getLabels();
    return labels == null
        ? ""
        : labels.get(Tracking.TENANT_LABEL) + "/" + labels.get(Tracking.APP_LABEL);
  }

  private static AppId appOf(GenericKubernetesResource r) {
    Map<String, String> labels = r.getMetadata().getLabels();
    if (labels == null) {
      return null;
    }
    try {
      return AppId.of(labels.get(Tracking.TENANT_LABEL), labels.get(Tracking.APP_LABEL));
    } catch (RuntimeException notOurs) {
      return null; // a label edited by hand into something that is not an app id
    }
  }
}
