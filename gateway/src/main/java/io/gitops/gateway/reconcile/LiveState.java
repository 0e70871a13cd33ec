package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.GroupVersionKind;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live stage of a reconcile: the app's cluster, the informers for the kinds it deploys, and its
 * objects as the gateway should see them (the informer caches overlaid with what it just wrote).
 * Lives on the loop's context, like the record of recent applies it keeps.
 */
final class LiveState {
  private final Clusters clusters;
  private final Context context;
  private final RecentApplies recent;
  private final HealthAssessor health;

  LiveState(Clusters clusters, Context context, RecentApplies recent, HealthAssessor health) {
    this.clusters = clusters;
    this.context = context;
    this.recent = recent;
    this.health = health;
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
   * Starts informers for the kinds the app deploys. A kind that cannot be watched yet (a custom
   * resource whose CRD this same sync is about to create) is not an error here: its objects count
   * as missing, the sync applies the CRD first, and the next reconcile watches the kind. {@code
   * lastSeen}: the objects of the app's last status, whose kinds are watched even when Git no
   * longer has them, or their objects are never seen as extra (pruned).
   */
  Future<Void> watch(ClusterConnection cluster, DesiredSet desired, List<ResourceKey> lastSeen) {
    List<Future<Void>> watches = new ArrayList<>();
    desired.objects().stream()
        .map(GroupVersionKind::of)
        .distinct()
        .forEach(
            gvk ->
                watches.add(cluster.watch(gvk, context).recover(err -> Future.succeededFuture())));
    Set<String> inGit = new HashSet<>();
    desired
        .objects()
        .forEach(o -> inGit.add(ResourceKey.of(o).group() + "/" + ResourceKey.of(o).kind()));
    lastSeen.stream()
        .filter(k -> inGit.add(k.group() + "/" + k.kind()))
        .forEach(
            k ->
                watches.add(
                    cluster
                        .watchKind(k.group(), k.kind(), context)
                        .recover(err -> Future.succeededFuture())));
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

  void forget(AppId app) {
    recent.forget(app);
  }
}
