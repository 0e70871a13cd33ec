package io.gitops.gateway.cluster;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.KindScopes;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.WriteMode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final ListLimiter lists;
  private final Map<GroupVersionKind, Future<ManagedInformer>> informers =
      new ConcurrentHashMap<>();
  private volatile String unreachable; // null while the last probe answered
  private final ProbeSchedule schedule = new ProbeSchedule();

  ClusterConnection(
      ClusterId id,
      KubernetesClient client,
      WorkerExecutor pool,
      LiveListener listener,
      ListLimiter lists) {
    this.id = id;
    this.client = client;
    this.pool = pool;
    this.listener = listener;
    this.lists = lists;
  }

  /** Null when the cluster answered its last probe; otherwise why it did not. */
  public String unreachableReason() {
    return unreachable;
  }

  /**
   * Asks the API server for its version. A change of state is told to the listener; on the way
   * back, informers that gave up are started again, which re-lists what they watch.
   */
  Future<Void> probe(Context context) {
    if (!schedule.due()) {
      return Future.succeededFuture(); // unreachable lately: backing off
    }
    return pool.executeBlocking(() -> client.getKubernetesVersion().getGitVersion(), false)
        .transform(
            r -> {
              schedule.answered(r.succeeded());
              String before = unreachable;
              unreachable = r.succeeded() ? null : String.valueOf(rootMessage(r.cause()));
              if (before == null && unreachable != null) {
                listener.connectivity(id, false, unreachable);
              } else if (before != null && unreachable == null) {
                return relistAll(context).onComplete(x -> listener.connectivity(id, true, null));
              }
              return Future.succeededFuture();
            });
  }

  /**
   * After an outage the caches may hold objects that are gone (a rebuilt cluster) and informers
   * back off for a long time before they re-list. So every kind is listed afresh by a new informer,
   * which replaces the old one only once it has synced: no moment with an empty cache. A kind let
   * go of meanwhile ({@link #unwatch}) stays let go: the fresh informer is stopped instead.
   */
  private Future<Void> relistAll(Context context) {
    List<Future<Void>> relists = new ArrayList<>();
    for (Map.Entry<GroupVersionKind, Future<ManagedInformer>> e :
        List.copyOf(informers.entrySet())) {
      GroupVersionKind gvk = e.getKey();
      Future<ManagedInformer> old = e.getValue();
      Future<ManagedInformer> fresh = startInformer(gvk, context);
      relists.add(
          fresh.map(
              informer -> {
                // only over the informer it was started to replace: this runs on the probe's
                // context while the loop may unwatch (or unwatch and watch again) the kind
                if (informers.replace(gvk, old, Future.succeededFuture(informer))) {
                  old.onSuccess(ManagedInformer::stop);
                } else {
                  informer.stop();
                }
                return null;
              }));
    }
    return Future.join(relists).mapEmpty();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Objects in the informer caches: what this cluster costs the gateway in memory. */
  public int watchedObjects() {
    int n = 0;
    for (Future<ManagedInformer> f : informers.values()) {
      if (f.succeeded()) {
        n += f.result().size();
      }
    }
    return n;
  }

  public ClusterId id() {
    return id;
  }

  /** Starts watching a kind (once); completes when the informer's first LIST is in the cache. */
  public Future<Void> watch(GroupVersionKind gvk, Context context) {
    Future<ManagedInformer> informer =
        informers.computeIfAbsent(gvk, k -> startInformer(k, context));
    return informer
        .recover(
            err -> {
              informers.remove(gvk, informer); // not a newer one started since
              return Future.failedFuture(
                  "cannot watch " + gvk + " on cluster " + id + ": " + err.getMessage());
            })
        .mapEmpty();
  }

  /**
   * Stops watching a kind, every version of it: its watch is closed and its cache dropped (an
   * informer still listing stops once it has). The next {@link #watch} of it lists afresh.
   */
  public void unwatch(GroupKind kind) {
    for (Map.Entry<GroupVersionKind, Future<ManagedInformer>> e :
        List.copyOf(informers.entrySet())) {
      if (GroupKind.of(e.getKey()).equals(kind) && informers.remove(e.getKey(), e.getValue())) {
        e.getValue().onSuccess(ManagedInformer::stop);
      }
    }
  }

  /** The kinds watched now (started or starting). */
  public Set<GroupVersionKind> watched() {
    return Set.copyOf(informers.keySet());
  }

  /**
   * Starts watching a kind known only by group and kind (from an app's last status, after a
   * restart: the kind has left Git, its objects may be left to prune); the version from discovery.
   * A group the cluster no longer serves is nothing to watch.
   */
  public Future<Void> watchKind(String group, String kind, Context context) {
    // Already watched (any version): no discovery round trip, which would otherwise run on every
    // reconcile.
    for (GroupVersionKind gvk : informers.keySet()) {
      if (GroupKind.of(gvk).equals(new GroupKind(group, kind))) {
        return watch(gvk, context);
      }
    }
    return pool.executeBlocking(
            () ->
                group.isEmpty()
                    ? "v1"
                    : client.getApiGroups().getGroups().stream()
                        .filter(g -> group.equals(g.getName()))
                        .map(g -> g.getPreferredVersion().getGroupVersion())
                        .findFirst()
                        .orElse(""),
            false)
        .compose(
            version ->
                version.isEmpty()
                    ? Future.<Void>succeededFuture()
                    : watch(new GroupVersionKind(version, kind), context));
  }

  private Future<ManagedInformer> startInformer(GroupVersionKind gvk, Context context) {
    return lists.run(
        () ->
            pool.executeBlocking(() -> ManagedInformer.create(client, id, gvk, listener), false)
                .compose(
                    informer ->
                        Future.fromCompletionStage(informer.start(), context).map(informer)));
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

  /**
   * The live object as the gateway knows it: the informer's copy when its kind is watched and the
   * object carries a tenant label (cheap, no API call), else a GET, which also sees objects without
   * labels. Null when the object does not exist. Call only with names already checked as Kubernetes
   * names: they become the request's path.
   */
  public Future<Map<String, Object>> live(Map<String, Object> object) {
    ResourceKey key = ResourceKey.of(object);
    Future<ManagedInformer> informer = informers.get(GroupVersionKind.of(object));
    if (informer != null && informer.succeeded() && informer.result().synced()) {
      GenericKubernetesResource cached = informer.result().cached(scopedNamespace(key), key.name());
      if (cached != null) {
        return Future.succeededFuture(toMap(cached));
      }
    }
    return pool.executeBlocking(() -> read(object), false);
  }

  /** A GET on the calling (worker) thread; null on 404. */
  private Map<String, Object> read(Map<String, Object> object) {
    try {
      GenericKubernetesResource r = target(object).withName(ResourceKey.of(object).name()).get();
      return r == null ? null : toMap(r);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static String scopedNamespace(ResourceKey key) {
    return KindScopes.isClusterScoped(key.group(), key.kind()) ? "" : key.namespace();
  }

  /**
   * Server-side apply as {@code manager}, forcing conflicts; returns the object as the server
   * stored it.
   */
  public Future<Map<String, Object>> apply(Map<String, Object> object, String manager) {
    return apply(object, true, manager);
  }

  /**
   * Server-side apply as {@code manager} (one per tenant, see {@link FieldManagers}). Without
   * {@code force}, a field owned by another manager fails the apply with a 409 naming it.
   */
  public Future<Map<String, Object>> apply(
      Map<String, Object> object, boolean force, String manager) {
    return write(object, WriteMode.DEFAULT, force, manager);
  }

  /**
   * Writes the object as {@code mode} says: server-side apply as {@code manager} (the default; see
   * {@link #apply}), a replace (create, or PUT the whole object; with {@code force} delete it and
   * create it again), or a client-side style update (create, or a JSON merge patch of what Git
   * holds). The server validates fields strictly unless {@code Validate=false}, which drops unknown
   * fields instead of refusing them, as kubectl's {@code --validate=false}.
   */
  public Future<Map<String, Object>> write(
      Map<String, Object> object, WriteMode mode, boolean force, String manager) {
    Validation validation = mode.validate() ? Validation.STRICT : Validation.IGNORE;
    return pool.executeBlocking(
            () -> {
              GenericKubernetesResource resource =
                  client
                      .getKubernetesSerialization()
                      .convertValue(object, GenericKubernetesResource.class);
              if (mode.replace()) {
                return replace(object, resource, mode.force(), validation);
              }
              // Server-side apply refuses an unknown field whatever the validation asked ("field
              // not declared in schema", measured on kube-apiserver 1.34): Validate=false writes
              // as kubectl's client-side apply would, where the server drops the field.
              if (!mode.serverSideApply() || !mode.validate()) {
                return update(object, resource, manager, validation);
              }
              try {
                return serverSideApply(object, manager, force, validation);
              } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (force || !FieldManagers.onlyLegacyConflicts(e)) {
                  throw e;
                }
                // The fields conflict only with what the gateway applied under its former shared
                // manager name: its own past, taken over (no other manager's field is forced).
                return serverSideApply(object, manager, true, validation);
              }
            },
            false)
        .recover(err -> Future.failedFuture(new ServerRefusal(err, id)));
  }

  /**
   * An apply patch with its options spelled out: fabric8's {@code serverSideApply()} leaves the
   * field validation chosen on the operation out of the request.
   */
  private Map<String, Object> serverSideApply(
      Map<String, Object> object, String manager, boolean force, Validation validation) {
    PatchContext apply =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(manager)
            .withForce(force)
            .withFieldValidation(validation.parameterValue())
            .build();
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    // on the item, not by name: patching by name reads the object first and fails on a create
    return toMap(target(object).resource(resource).patch(apply, new JsonObject(object).encode()));
  }

  /** Replace=true: create, or PUT over what is there; Force=true deletes it first. */
  private Map<String, Object> replace(
      Map<String, Object> object,
      GenericKubernetesResource resource,
      boolean recreate,
      Validation validation) {
    if (recreate && read(object) != null) {
      // gone before it is created again (a Job's template cannot be replaced in place)
      target(object)
          .withName(ResourceKey.of(object).name())
          .withTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
          .delete();
    }
    return toMap(
        target(object)
            .resource(resource)
            .fieldValidation(validation)
            .createOr(NonDeletingOperation::update));
  }

  /** ServerSideApply=false: create, or a JSON merge patch of Git's fields (removals not seen). */
  private Map<String, Object> update(
      Map<String, Object> object,
      GenericKubernetesResource resource,
      String manager,
      Validation validation) {
    if (read(object) == null) {
      return toMap(target(object).resource(resource).fieldValidation(validation).create());
    }
    PatchContext merge =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(manager)
            .withFieldValidation(validation.parameterValue())
            .build();
    return toMap(
        target(object)
            .withName(ResourceKey.of(object).name())
            .patch(merge, new JsonObject(object).encode()));
  }

  /**
   * Removes labels another manager owns, which server-side apply leaves alone: a JSON merge patch
   * setting each to null, under a manager of its own so the gateway's applied field set stays as
   * applied.
   */
  public Future<Map<String, Object>> removeLabels(
      Map<String, Object> object, List<String> keys, String manager) {
    JsonObject labels = new JsonObject();
    keys.forEach(labels::putNull);
    String patch =
        new JsonObject().put("metadata", new JsonObject().put("labels", labels)).encode();
    PatchContext merge =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(manager + "-labels")
            .build();
    return pool.executeBlocking(
        () -> toMap(target(object).withName(ResourceKey.of(object).name()).patch(merge, patch)),
        false);
  }

  /**
   * Server-side apply with {@code dryRun=All}: the server validates, admits and merges the object
   * and answers what it would store, and stores nothing. Fails as a real apply would (422, 409, 404
   * …).
   */
  public Future<Map<String, Object>> dryRunApply(
      Map<String, Object> object, boolean force, String manager) {
    return pool.executeBlocking(
            () -> {
              GenericKubernetesResource resource =
                  client
                      .getKubernetesSerialization()
                      .convertValue(object, GenericKubernetesResource.class);
              var op = target(object).resource(resource).dryRun().fieldManager(manager);
              return toMap((force ? op.forceConflicts() : op).serverSideApply());
            },
            false)
        .recover(err -> Future.failedFuture(new ServerRefusal(err, id)));
  }

  /**
   * What the API server said when it refused a write: its HTTP code (0 if it never answered) and
   * its message, in the words a tenant can act on. The client's own exception text (the request
   * URL, the whole Status object) is not one: a missing namespace, the commonest first-sync
   * failure, names the namespace, the cluster and the way out.
   */
  public static final class ServerRefusal extends RuntimeException {
    private final int code;

    ServerRefusal(Throwable err, ClusterId cluster) {
      super(message(err, cluster), err, false, false);
      this.code =
          err instanceof io.fabric8.kubernetes.client.KubernetesClientException k ? k.getCode() : 0;
    }

    public int code() {
      return code;
    }

    private static String message(Throwable err, ClusterId cluster) {
      if (!(err instanceof io.fabric8.kubernetes.client.KubernetesClientException k)
          || k.getStatus() == null
          || k.getStatus().getMessage() == null) {
        return String.valueOf(err.getMessage());
      }
      var status = k.getStatus();
      var details = status.getDetails();
      if (k.getCode() == 404
          && details != null
          && "namespaces".equals(details.getKind())
          && details.getName() != null) {
        return "namespace \""
            + details.getName()
            + "\" does not exist on cluster \""
            + cluster.value()
            + "\": add it to the app's manifests, create it on the cluster, or set the sync option"
            + " CreateNamespace=true";
      }
      return status.getMessage();
    }
  }

  /**
   * Deletes the object only if it exists and {@code refusal} finds nothing against the copy just
   * read from the server (not the cache, which may lag): every delete of a sync (prune, hook
   * clean-up) re-checks whose the object is right before it. True when deleted, false when it was
   * not there; fails with the refusal's reason, deleting nothing.
   */
  public Future<Boolean> deleteIf(
      Map<String, Object> object,
      java.util.function.Function<Map<String, Object>, String> refusal) {
    return deleteIf(object, refusal, null);
  }

  /**
   * As {@link #deleteIf(Map, java.util.function.Function)}, telling the server how to treat what
   * the object owns ({@code PrunePropagationPolicy}, an app deletion's cascade); null: the server's
   * default for the kind.
   */
  public Future<Boolean> deleteIf(
      Map<String, Object> object,
      java.util.function.Function<Map<String, Object>, String> refusal,
      Propagation propagation) {
    ResourceKey key = ResourceKey.of(object);
    return pool.executeBlocking(
        () -> {
          Map<String, Object> live = read(object);
          if (live == null) {
            return false;
          }
          String why = refusal.apply(live);
          if (why != null) {
            throw new IllegalStateException("not deleted: " + why);
          }
          var resource = target(object).withName(key.name());
          if (propagation == null) {
            resource.delete();
          } else {
            resource
                .withPropagationPolicy(DeletionPropagation.valueOf(propagation.name()))
                .delete();
          }
          return true;
        },
        false);
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      target(Map<String, Object> object) {
    GroupVersionKind gvk = GroupVersionKind.of(object);
    ResourceKey key = ResourceKey.of(object);
    var op = client.genericKubernetesResources(gvk.apiVersion(), gvk.kind());
    if (KindScopes.isClusterScoped(key.group(), key.kind()) || key.namespace().isEmpty()) {
      return op;
    }
    return op.inNamespace(key.namespace());
  }

  private Map<String, Object> toMap(GenericKubernetesResource r) {
    return ManagedInformer.toMap(client, r);
  }

  public void close() {
    informers
        .values()
        .forEach(
            f -> {
              if (f.succeeded()) {
                f.result().stop();
              }
            });
    client.close();
  }
}
