package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.GroupVersionKind;
import io.gitops.gateway.diff.DiffOptions;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.SyncOutcome;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.source.Snapshot;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.DesiredObjects;
import io.gitops.gateway.sync.SyncPlan;
import io.gitops.gateway.sync.Syncer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One reconcile of one app, as a flat chain: source → render → watch → compare → sync → status.
 * A step that fails ends the chain with a status that says which step and why; the caller keeps
 * the app's last good state and nothing is applied.
 */
final class AppReconciler {
  private final GitSources git;
  private final WorkerExecutor renderPool;
  private final Clusters clusters;
  private final OperationStore operations;
  private final GatewayMetrics metrics;
  private final HealthAssessor health;
  private final Context context;
  private final io.gitops.gateway.tenancy.Access access;

  AppReconciler(GitSources git, WorkerExecutor renderPool, Clusters clusters, OperationStore operations,
      GatewayMetrics metrics, HealthAssessor health, Context context, io.gitops.gateway.tenancy.Access access) {
    this.access = access;
    this.git = git;
    this.renderPool = renderPool;
    this.clusters = clusters;
    this.operations = operations;
    this.metrics = metrics;
    this.health = health;
    this.context = context;
  }

  /** The per-object diffs of each app's last comparison, for the API (any thread may read). */
  private final Map<io.gitops.gateway.model.AppId, List<io.gitops.gateway.diff.ObjectDiff>> lastDiffs =
      new java.util.concurrent.ConcurrentHashMap<>();

  List<io.gitops.gateway.diff.ObjectDiff> lastDiffs(io.gitops.gateway.model.AppId id) {
    return lastDiffs.getOrDefault(id, List.of());
  }

  /** {@code gate} decides, from the comparison, whether this run applies. */
  Future<AppStatus> reconcile(AppSpec spec, Intent intent, SyncGate gate) {
    ClusterConnection cluster = clusters.get(spec.destination().cluster()).orElse(null);
    if (cluster == null) {
      return Future.succeededFuture(AppStatus.unknown("cluster '" + spec.destination().cluster() + "' is not registered"));
    }
    if (cluster.unreachableReason() != null) {
      // Never report Synced from a cache that may be stale: say what is known, and why not more.
      return Future.failedFuture(new ReconcileException("cluster '" + cluster.id() + "' is unreachable: " + cluster.unreachableReason()));
    }
    return git.snapshot(TenantRepo.of(spec), spec.source().targetRevision())
        .recover(err -> failed("cannot read repository " + spec.source().repoUrl() + ": " + err.getMessage()))
        .compose(snapshot -> render(spec, snapshot))
        .compose(desired -> watch(cluster, desired).map(desired))
        .compose(desired -> compareAndSync(spec, intent, cluster, desired, gate))
        .map(status -> git.withProblem(status, TenantRepo.of(spec), spec.source().targetRevision()));
  }

  private Future<DesiredSet> render(AppSpec spec, Snapshot snapshot) {
    RenderRequest request = renderRequest(spec);
    // Cached by what the render reads (see SourceRenders): an app whose inputs did not change is not re-rendered.
    Future<RenderResult> rendered = renderPool.executeBlocking(() -> git.renders().render(snapshot, request), false);
    return rendered
        .recover(err -> failed("ComparisonError: " + err.getMessage()))
        .map(r -> new DesiredSet(snapshot.revision(), DesiredObjects.prepare(r.objects(), spec, snapshot.revision())));
  }

  /** What to render for an app; the loop asks the render cache with the same request. */
  static RenderRequest renderRequest(AppSpec spec) {
    return RenderRequest.of(spec.source().path());
  }

  /**
   * Starts informers for the kinds the app deploys. A kind that cannot be watched yet (a custom
   * resource whose CRD this same sync is about to create) is not an error here: its objects count
   * as missing, the sync applies the CRD first, and the next reconcile watches the kind.
   */
  private Future<Void> watch(ClusterConnection cluster, DesiredSet desired) {
    List<Future<Void>> watches = new ArrayList<>();
    desired.objects().stream().map(GroupVersionKind::of).distinct()
        .forEach(gvk -> watches.add(cluster.watch(gvk, context).recover(err -> Future.succeededFuture())));
    return Future.all(watches).mapEmpty();
  }

  private Future<AppStatus> compareAndSync(AppSpec spec, Intent intent, ClusterConnection cluster, DesiredSet desired,
      SyncGate gate) {
    long compareStart = System.nanoTime();
    Comparison before = Comparison.of(desired.objects(), cluster.liveObjectsOf(spec.id()), DiffOptions.defaults(), health);
    lastDiffs.put(spec.id(), before.diffs());
    metrics.compared(Duration.ofNanos(System.nanoTime() - compareStart));
    if (before.sync() == SyncStatus.SYNCED || !gate.shouldSync(before, desired.revision())) {
      return Future.succeededFuture(status(desired, before, ""));
    }
    // Tenant rules on every rendered object, right before anything is applied: any violation, nothing applied.
    List<String> violations = access.syncViolations(spec, desired.objects());
    if (!violations.isEmpty()) {
      return failed("sync refused by tenant policy: " + String.join("; ", violations));
    }
    Instant started = Instant.now();
    SyncPlan plan = SyncPlan.of(before.desired(), before.diffs(), before.extras(), spec.syncPolicy().prune());
    return Syncer.execute(cluster, plan).compose(result -> {
      String phase = result.failed() ? "Failed" : "Succeeded";
      metrics.syncFinished(spec.id().tenant().value(), cluster.id().value(), phase, Duration.between(started, Instant.now()));
      gate.synced(desired.revision());
      List<Map<String, Object>> live = new ArrayList<>(cluster.liveObjectsOf(spec.id()));
      // The informer cache has not seen our writes yet: overlay what the server answered.
      live.removeIf(o -> result.applied().containsKey(ResourceKey.of(o)) || deleted(result, ResourceKey.of(o)));
      live.addAll(result.applied().values());
      Comparison after = Comparison.of(desired.objects(), live, DiffOptions.defaults(), health);
      lastDiffs.put(spec.id(), after.diffs());
      String message = result.failed() ? "sync failed: " + failures(result) : "synced to " + desired.revision().shortId();
      return operations.record(new OperationStore.Operation(spec.id(), desired.revision().commit(), intent.triggeredBy(),
              phase, message, result.outcomes(), started))
          .map(id -> status(desired, after, message));
    });
  }

  private static boolean deleted(Syncer.Result result, ResourceKey key) {
    return result.outcomes().stream().anyMatch(o -> o instanceof SyncOutcome.Deleted && o.key().equals(key));
  }

  private static String failures(Syncer.Result result) {
    return result.outcomes().stream()
        .filter(o -> o instanceof SyncOutcome.Failed)
        .map(o -> o.key() + ": " + ((SyncOutcome.Failed) o).message())
        .reduce((a, b) -> a + "; " + b).orElse("");
  }

  private static AppStatus status(DesiredSet desired, Comparison c, String message) {
    return new AppStatus(c.sync(), c.health().status(), c.health().message(), desired.revision().commit(),
        message, c.resources(), Instant.now());
  }

  private static <T> Future<T> failed(String message) {
    return Future.failedFuture(new ReconcileException(message));
  }
}
