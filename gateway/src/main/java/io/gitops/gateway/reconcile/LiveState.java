package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.GroupKind;
import io.gitops.gateway.cluster.GroupVersionKind;
import io.gitops.gateway.cluster.InformerNeeds;
import io.gitops.gateway.cluster.RecentApplies;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.SyncObserver;
import io.gitops.gateway.sync.plan.Hooks;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live stage of a reconcile: the app's cluster, the informers for the kinds it deploys, and its
 * objects as the gateway should see them (the informer caches overlaid with what it just wrote).
 *
 * <p>Informers follow the apps: each reconcile says which kinds its app needs ({@link
 * InformerNeeds}), and a kind no app needs any more is stopped after the clusters' linger (its
 * watch closed, its cache dropped); an app that leaves the loop ({@link #forget}) gives its kinds
 * back after the linger too, and not while it is being deleted ({@link #deleting}): its deletion
 * reads its objects from the caches and waits for its hooks' health there.
 *
 * <p>Lives on the loop's context, like the record of recent applies it keeps: needs, timers and the
 * decision to stop are all taken there, one at a time. A reconcile that asks for a kind again takes
 * the need before its informer is started, so a stop that runs after it sees the kind needed and
 * leaves it; a stop that ran before it removed the informer, and the reconcile starts a new one. A
 * reconcile begun before its app left takes no need at all ({@link #gone}).
 */
final class LiveState {
  private final Clusters clusters;
  private final Context context;
  private final RecentApplies recent;
  private final HealthAssessor health;
  private final Duration linger;
  private final InformerNeeds needs = new InformerNeeds();

  /**
   * Apps that left the loop and have not come back: a reconcile of one that was already under way
   * must not take needs again (nothing would ever give them back).
   */
  private final Set<AppId> gone = new HashSet<>();

  /** Apps that left and are being deleted: their kinds are kept until the deletion is over. */
  private final Set<AppId> deletions = new HashSet<>();

  /** Apps that left, with the timer that gives their kinds back. */
  private final Map<AppId, Long> leaving = new HashMap<>();

  /** Kinds no app needs, with the timer that stops them unless one needs them again by then. */
  private final Map<InformerNeeds.Watched, Long> stopping = new HashMap<>();

  LiveState(Clusters clusters, Context context, RecentApplies recent, HealthAssessor health) {
    this.clusters = clusters;
    this.context = context;
    this.recent = recent;
    this.health = health;
    this.linger = clusters.informerLinger();
  }

  /**
   * The app's cluster, or why there is nothing to compare with: never Synced from a cache that may
   * be stale.
   */
  Future<ClusterConnection> cluster(AppSpec spec) {
    ClusterConnection cluster = clusters.get(spec.destination().cluster()).orElse(null);
    if (cluster == null) {
      return Future.failedFuture(
          new ReconcileException(
              "cluster '" + spec.destination().cluster() + "' is not registered"));
    }
    if (cluster.unreachableReason() != null) {
      return Future.failedFuture(
          new ReconcileException.ClusterUnreachable(
              "cluster '" + cluster.id() + "' is unreachable: " + cluster.unreachableReason()));
    }
    return Future.succeededFuture(cluster);
  }

  /**
   * Starts informers for the kinds the app deploys, which become all the kinds it needs on that
   * cluster: a kind it no longer deploys, and no other app does, is stopped after the linger. A
   * kind that cannot be watched yet (a custom resource whose CRD this same sync is about to create)
   * is not an error here: its objects count as missing, the sync applies the CRD first, and the
   * next reconcile watches the kind. {@code lastSeen}: the objects of the app's last status, whose
   * kinds are watched even when Git no longer has them, or their objects are never seen as extra
   * (pruned).
   */
  Future<Void> watch(
      AppId app, ClusterConnection cluster, DesiredSet desired, List<ResourceKey> lastSeen) {
    return onContext(() -> need(app, cluster, desired, lastSeen, true));
  }

  /**
   * As {@link #watch} for a dry run: adds what the app needs and takes nothing away (a dry run
   * knows no last status, and must not let go of kinds a reconcile watches for pruning).
   */
  Future<Void> watchAlso(AppId app, ClusterConnection cluster, DesiredSet desired) {
    return onContext(() -> need(app, cluster, desired, List.of(), false));
  }

  private Future<Void> need(
      AppId app,
      ClusterConnection cluster,
      DesiredSet desired,
      List<ResourceKey> lastSeen,
      boolean exactly) {
    if (gone.contains(app)) {
      return Future.failedFuture(
          new ReconcileException(
              "app " + app + " left the reconcile loop while it was reconciled"));
    }
    Set<GroupKind> kinds = new LinkedHashSet<>();
    List<Future<Void>> watches = new ArrayList<>();
    desired.objects().stream()
        .map(GroupVersionKind::of)
        .distinct()
        .forEach(
            gvk -> {
              kinds.add(GroupKind.of(gvk));
              watches.add(cluster.watch(gvk, context).recover(err -> Future.succeededFuture()));
            });
    Set<GroupKind> inGit = new HashSet<>(kinds);
    for (ResourceKey k : lastSeen) {
      GroupKind kind = new GroupKind(k.group(), k.kind());
      if (inGit.add(kind)) {
        kinds.add(kind);
        watches.add(
            cluster
                .watchKind(k.group(), k.kind(), context)
                .recover(err -> Future.succeededFuture()));
      }
    }
    List<InformerNeeds.Watched> unneeded =
        exactly ? needs.set(app, cluster.id(), kinds) : needs.add(app, cluster.id(), kinds);
    kinds.forEach(kind -> keep(new InformerNeeds.Watched(cluster.id(), kind)));
    unneeded.forEach(this::stopLater);
    return Future.all(watches).mapEmpty();
  }

  /**
   * The app's live objects, read on the loop where the record of recent applies lives; hooks left
   * out.
   */
  List<Map<String, Object>> observed(AppId app, ClusterConnection cluster) {
    List<Map<String, Object>> live = new ArrayList<>(LiveObserver.live(app, cluster, recent));
    live.removeIf(Hooks::isHook); // hooks run at their phase; they are neither drift nor pruned
    return live;
  }

  /** The app's live objects as {@link #observed}, hooks included (an app's deletion takes them). */
  List<Map<String, Object>> everything(AppId app, ClusterConnection cluster) {
    return LiveObserver.live(app, cluster, recent);
  }

  /** What a sync of the app reports its writes to, and waits for health through. */
  SyncObserver observer(AppId app, ClusterConnection cluster) {
    return new LiveObserver(context.owner(), app, cluster, recent, health);
  }

  /**
   * The app left the loop: its kinds are given back after the linger, unless it comes back first or
   * is being deleted ({@link #deleting}). It stays in {@link #gone} until a reconcile brings it
   * back (an app id a deleted app leaves behind, a few bytes).
   */
  void forget(AppId app) {
    recent.forget(app);
    gone.add(app);
    leaveLater(app);
  }

  /**
   * A reconcile of the app begins, the loop holding it (checked just before, on the loop): an app
   * that had left is back. Not a dry run, which may have waited for a fetch since it looked.
   */
  void reconciling(AppId app) {
    run(() -> back(app));
  }

  /**
   * The app, which has just left the loop, is being deleted: its kinds stay watched, whatever the
   * linger, until {@link #deleted}. Call on the loop's context right after {@link #forget}.
   */
  void deleting(AppId app) {
    run(() -> deletions.add(app));
  }

  /**
   * The app's deletion is over (done, or stopped by a hook that failed): its kinds are given back
   * after the linger. A deletion that fails on an object keeps them until the app is deleted again
   * or comes back.
   */
  void deleted(AppId app) {
    run(
        () -> {
          if (deletions.remove(app) && gone.contains(app)) {
            leaveLater(app);
          }
        });
  }

  private void leaveLater(AppId app) {
    cancel(leaving.remove(app));
    leaving.put(app, context.owner().setTimer(lingerMillis(), t -> left(app)));
  }

  private void left(AppId app) {
    leaving.remove(app);
    if (gone.contains(app) && !deletions.contains(app)) {
      needs.release(app).forEach(this::stop); // the linger has passed already
    }
  }

  private void back(AppId app) {
    gone.remove(app);
    deletions.remove(app);
    cancel(leaving.remove(app));
  }

  private void keep(InformerNeeds.Watched kind) {
    cancel(stopping.remove(kind));
  }

  private void stopLater(InformerNeeds.Watched kind) {
    if (!stopping.containsKey(kind)) {
      stopping.put(
          kind,
          context
              .owner()
              .setTimer(
                  lingerMillis(),
                  t -> {
                    stopping.remove(kind);
                    stop(kind);
                  }));
    }
  }

  /** On the loop, so no reconcile takes the need between this look and the stop. */
  private void stop(InformerNeeds.Watched kind) {
    if (!needs.needed(kind)) {
      clusters.get(kind.cluster()).ifPresent(c -> c.unwatch(kind.kind()));
    }
  }

  private void cancel(Long timer) {
    if (timer != null) {
      context.owner().cancelTimer(timer);
    }
  }

  private long lingerMillis() {
    return Math.max(1, linger.toMillis());
  }

  private void run(Runnable work) {
    if (Vertx.currentContext() == context) {
      work.run();
    } else {
      context.runOnContext(v -> work.run());
    }
  }

  /**
   * Runs {@code work} on the loop's context: a reconcile's steps may complete elsewhere (a render
   * on a worker), and the needs live here.
   */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}
