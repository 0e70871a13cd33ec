package io.gitops.gateway.reconcile;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.FieldManagers;
import io.gitops.gateway.cluster.GroupVersionKind;
import io.gitops.gateway.diff.DiffOptions;
import io.gitops.gateway.diff.IgnoreRule;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.SyncOutcome;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.source.Snapshot;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.ApplyRateLimiter;
import io.gitops.gateway.sync.plan.DesiredObjects;
import io.gitops.gateway.sync.plan.Hooks;
import io.gitops.gateway.sync.plan.RecentApplies;
import io.gitops.gateway.sync.plan.Ownership;
import io.gitops.gateway.sync.OwnershipCheck;
import io.gitops.gateway.sync.ServerDryRun;
import io.gitops.gateway.sync.plan.SyncOptions;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.gitops.gateway.sync.Syncer;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One reconcile of one app, as a flat chain: source → render → watch → compare → sync → status.
 * A step that fails ends the chain with a status that says which step and why; the caller keeps
 * the app's last good state and nothing is applied. A sync is an operation in PostgreSQL, written
 * Running before the first write and finished with its phase and per-object results.
 */
final class AppReconciler {
  private final GitSources git;
  private final FairRenderPool renderPool;
  private final WorkerExecutor comparePool;
  private final Clusters clusters;
  private final OperationStore operations;
  private final GatewayMetrics metrics;
  private final HealthAssessor health;
  private final Context context;
  private final Access access;

  private final RecentApplies recent;
  private final ApplyRateLimiter limiter;
  private final Duration waveTimeout;

  AppReconciler(GitSources git, FairRenderPool renderPool, WorkerExecutor comparePool, Clusters clusters, OperationStore operations,
      GatewayMetrics metrics, HealthAssessor health, Context context, RecentApplies recent, ApplyRateLimiter limiter,
      Access access, Duration waveTimeout) {
    this.waveTimeout = waveTimeout;
    this.recent = recent;
    this.limiter = limiter;
    this.access = access;
    this.git = git;
    this.renderPool = renderPool;
    this.comparePool = comparePool;
    this.clusters = clusters;
    this.operations = operations;
    this.metrics = metrics;
    this.health = health;
    this.context = context;
  }

  /** The per-object diffs of each app's last comparison, for the API (any thread may read). */
  private final Map<AppId, List<ObjectDiff>> lastDiffs =
      new java.util.concurrent.ConcurrentHashMap<>();

  List<ObjectDiff> lastDiffs(AppId id) {
    return lastDiffs.getOrDefault(id, List.of());
  }

  /**
   * {@code gate} decides, from the comparison, whether this run applies; {@code lastSeen}: the
   * objects of the app's last status, whose kinds are watched even when Git no longer has them.
   */
  Future<AppStatus> reconcile(AppSpec spec, Intent intent, SyncGate gate, List<ResourceKey> lastSeen) {
    return prepare(spec, intent, lastSeen)
        .compose(p -> compareAndSync(spec, intent, p.cluster(), p.desired(), gate))
        .map(status -> git.withProblem(status, TenantRepo.of(spec), spec.source().targetRevision()));
  }

  /**
   * A dry run: what a sync with {@code intent}'s options would create, change and prune, and what the
   * cluster says to each write (a server-side dry-run apply); nothing is stored.
   */
  Future<ServerDryRun.Result> plan(AppSpec spec, Intent intent) {
    return prepare(spec, intent, List.of())
        .recover(err -> err instanceof ReconcileException && !(err instanceof ReconcileException.ClusterUnreachable)
            // What Git holds cannot be synced (a render error, a name that is not a Kubernetes name): the
            // dry run's answer is that refusal, as the sync's would be, not a server error.
            ? Future.failedFuture(new RefusedBeforePlan(err.getMessage())) : Future.failedFuture(err))
        .compose(p -> {
          Split split = Split.of(p.desired().objects());
          return compare(spec, p.cluster(), split.regular()).compose(c -> dryRun(spec, intent, p, split, c));
        })
        .recover(err -> err instanceof RefusedBeforePlan r
            ? Future.succeededFuture(new ServerDryRun.Result(SyncPlan.nothing().refused(r.getMessage()), List.of()))
            : Future.failedFuture(err));
  }

  private static final class RefusedBeforePlan extends RuntimeException {
    RefusedBeforePlan(String message) {
      super(message, null, false, false);
    }
  }

  private Future<ServerDryRun.Result> dryRun(AppSpec spec, Intent intent, Prepared p, Split split, Comparison c) {
    SyncOptions options = options(spec, intent);
    SyncPlan plan = SyncPlan.of(spec.id(), c.desired(), c.diffs(), c.extras(), split.hooks(), options);
    String manager = FieldManagers.of(spec.id().tenant());
    // The tenant's rules first, as for a real sync: a refused plan asks the cluster nothing.
    List<String> violations = access.syncViolations(spec, p.desired().objects());
    if (!violations.isEmpty()) {
      return ServerDryRun.run(p.cluster(), plan.refused(policyRefusal(violations)), options, limiter, manager);
    }
    // Then whose the objects are, as a sync would: another's object is refused, not dry-run applied.
    return OwnershipCheck.conflicts(p.cluster(), plan, ownership(spec, options)).compose(conflicts ->
        ServerDryRun.run(p.cluster(), conflicts.isEmpty() ? plan : plan.refused(sharedRefusal(conflicts)), options,
            limiter, manager));
  }

  private static String policyRefusal(List<String> violations) {
    return "sync refused by tenant policy: " + String.join("; ", violations);
  }

  private static String sharedRefusal(Map<ResourceKey, String> conflicts) {
    return "sync refused: " + conflicts.size() + " object(s) belong to someone else: " + String.join("; ", conflicts.values());
  }

  /**
   * Whose objects this app may write: its own; with AdoptUnlabelled=true also unlabelled ones in its
   * destination namespace (the one namespace the app was registered for, not the tenant's others).
   */
  private static Ownership ownership(AppSpec spec, SyncOptions options) {
    String own = spec.destination().namespace();
    return new Ownership(spec.id(), options.adoptUnlabelled(), own::equals);
  }

  /**
   * Diff and health of the app's objects on the compare pool: pure functions of the desired and live
   * objects, and a health script may take its whole budget. What is live is read here, on the loop,
   * where the record of recent applies lives.
   */
  private Future<Comparison> compare(AppSpec spec, ClusterConnection cluster, List<Map<String, Object>> desired) {
    List<Map<String, Object>> live = observed(spec, cluster);
    DiffOptions options = diffOptions(spec);
    long start = System.nanoTime();
    return comparePool.<Comparison>executeBlocking(() -> Comparison.of(desired, live, options, health), false)
        .onSuccess(c -> {
          metrics.compared(Duration.ofNanos(System.nanoTime() - start));
          lastDiffs.put(spec.id(), c.diffs());
        });
  }

  private record Prepared(ClusterConnection cluster, DesiredSet desired) {}

  private Future<Prepared> prepare(AppSpec spec, Intent intent, List<ResourceKey> lastSeen) {
    ClusterConnection cluster = clusters.get(spec.destination().cluster()).orElse(null);
    if (cluster == null) {
      return failed("cluster '" + spec.destination().cluster() + "' is not registered");
    }
    if (cluster.unreachableReason() != null) {
      // Never report Synced from a cache that may be stale: say what is known, and why not more.
      return Future.failedFuture(new ReconcileException.ClusterUnreachable(
          "cluster '" + cluster.id() + "' is unreachable: " + cluster.unreachableReason()));
    }
    String target = intent.revision() != null ? intent.revision() : spec.source().targetRevision();
    return git.snapshot(TenantRepo.of(spec), target)
        .recover(err -> failed("cannot read repository " + spec.source().repoUrl() + ": " + err.getMessage()))
        .compose(snapshot -> render(spec, snapshot))
        .compose(desired -> watch(cluster, desired, lastSeen).map(v -> new Prepared(cluster,
            new DesiredSet(desired.revision(), DesiredObjects.rescoped(desired.objects())))));
  }

  private Future<DesiredSet> render(AppSpec spec, Snapshot snapshot) {
    RenderRequest request = renderRequest(spec);
    // Cached by what the render reads (see SourceRenders): an app whose inputs did not change is not re-rendered.
    // Queued per tenant: one tenant's flood of slow renders cannot hold the pool from another.
    Future<RenderResult> rendered = renderPool.submit(String.valueOf(spec.id().tenant()),
        () -> git.renders().render(snapshot, request));
    return rendered
        .recover(err -> failed("ComparisonError: " + err.getMessage()))
        .map(r -> new DesiredSet(snapshot.revision(), DesiredObjects.prepare(r.objects(), spec, snapshot.revision())));
  }

  /** What to render for an app; the loop asks the render cache with the same request. */
  static RenderRequest renderRequest(AppSpec spec) {
    return RenderRequests.of(spec);
  }

  /**
   * Starts informers for the kinds the app deploys. A kind that cannot be watched yet (a custom
   * resource whose CRD this same sync is about to create) is not an error here: its objects count
   * as missing, the sync applies the CRD first, and the next reconcile watches the kind.
   */
  private Future<Void> watch(ClusterConnection cluster, DesiredSet desired, List<ResourceKey> lastSeen) {
    List<Future<Void>> watches = new ArrayList<>();
    desired.objects().stream().map(GroupVersionKind::of).distinct()
        .forEach(gvk -> watches.add(cluster.watch(gvk, context).recover(err -> Future.succeededFuture())));
    // Kinds the app deployed before and Git dropped: watched too, or their objects are never seen as extra (pruned).
    java.util.Set<String> inGit = new java.util.HashSet<>();
    desired.objects().forEach(o -> inGit.add(ResourceKey.of(o).group() + "/" + ResourceKey.of(o).kind()));
    lastSeen.stream().filter(k -> inGit.add(k.group() + "/" + k.kind()))
        .forEach(k -> watches.add(cluster.watchKind(k.group(), k.kind(), context).recover(err -> Future.succeededFuture())));
    return Future.all(watches).mapEmpty();
  }

  private Future<AppStatus> compareAndSync(AppSpec spec, Intent intent, ClusterConnection cluster, DesiredSet desired,
      SyncGate gate) {
    Split split = Split.of(desired.objects());
    return compare(spec, cluster, split.regular()).compose(before -> decide(spec, intent, cluster, desired, split, before, gate));
  }

  private Future<AppStatus> decide(AppSpec spec, Intent intent, ClusterConnection cluster, DesiredSet desired, Split split,
      Comparison before, SyncGate gate) {
    SyncGate.Decision decision = gate.decide(before, desired.revision());
    if (!decision.sync()) {
      return Future.succeededFuture(status(desired, before, decision.message()));
    }
    // Tenant rules on every rendered object, right before anything is applied: any violation, nothing applied.
    List<String> violations = access.syncViolations(spec, desired.objects());
    if (!violations.isEmpty()) {
      return refused(spec, desired, before, decision.trigger(), gate, policyRefusal(violations), Map.of());
    }
    SyncOptions options = options(spec, intent);
    SyncPlan plan = SyncPlan.of(spec.id(), before.desired(), before.diffs(), before.extras(), split.hooks(), options);
    if (plan.isEmpty() && plan.refusal() == null) {
      gate.finished(desired.revision(), false, null); // nothing differs that a sync could change: this revision is done
      String held = plan.held().isEmpty() ? "" : ": " + plan.held().size() + " object(s) not pruned ("
          + plan.held().values().iterator().next() + ")";
      return Future.succeededFuture(status(desired, before, "nothing to apply" + held));
    }
    if (plan.refusal() != null) {
      return sync(spec, intent, cluster, desired, split, plan, options, decision.trigger(), gate);
    }
    // Every object the sync would write, read before any is: one that is someone else's refuses the whole sync.
    return OwnershipCheck.conflicts(cluster, plan, ownership(spec, options)).compose(conflicts -> conflicts.isEmpty()
        ? sync(spec, intent, cluster, desired, split, plan, options, decision.trigger(), gate)
        : refused(spec, desired, before, decision.trigger(), gate, sharedRefusal(conflicts), conflicts));
  }

  /**
   * A sync the tenant's rules refuse: a Failed operation in the history, the app OutOfSync with the
   * reason, and no automated retry of this revision (the rules will not change by retrying).
   */
  private Future<AppStatus> refused(AppSpec spec, DesiredSet desired, Comparison before, String trigger, SyncGate gate,
      String reason, Map<ResourceKey, String> objects) {
    gate.finished(desired.revision(), true, reason);
    Instant now = Instant.now();
    // Each refused object is a failed result of the operation and says why in the app's per-object status.
    List<SyncOutcome> outcomes = objects.entrySet().stream()
        .<SyncOutcome>map(e -> new SyncOutcome.Failed(e.getKey(), e.getValue())).toList();
    return operations.record(new OperationStore.Operation(spec.id(), desired.revision().commit(), trigger, "Failed", reason,
        outcomes, now)).map(id -> {
          announce(spec.id(), new OperationState(id, "Failed", reason, desired.revision().commit(), now, trigger));
          AppStatus status = status(desired, before, reason);
          return objects.isEmpty() ? status : new AppStatus(status.sync(), status.health(), status.healthMessage(),
              status.revision(), status.message(), status.resources().stream()
                  .map(r -> objects.containsKey(r.key()) ? new ResourceStatus(r.key(), r.sync(), r.health(),
                      objects.get(r.key())) : r).toList(), status.reconciledAt());
        });
  }

  private Future<AppStatus> sync(AppSpec spec, Intent intent, ClusterConnection cluster, DesiredSet desired, Split split,
      SyncPlan plan, SyncOptions options, String trigger, SyncGate gate) {
    Instant started = Instant.now();
    JsonObject recorded = new JsonObject().put("prune", options.prune()).put("force", options.force())
        .put("rollback", intent.rollback());
    if (intent.overrideSyncWindow()) {
      recorded.put("overrideSyncWindow", true); // ran inside a closed sync window because the user said so
    }
    String tenant = spec.id().tenant().value();
    return operations.start(spec.id(), desired.revision().commit(), trigger, "", recorded).compose(opId -> {
      OperationState running = new OperationState(opId, OperationState.RUNNING, "syncing to " + desired.revision().shortId()
          + " (" + trigger + ")", desired.revision().commit(), started, trigger);
      announce(spec.id(), running);
      return Syncer.execute(cluster, plan, options, new LiveObserver(context.owner(), spec.id(), cluster, recent, health), limiter,
              ownership(spec, options), FieldManagers.of(spec.id().tenant()))
            .compose(result -> {
              String phase = result.failed() ? "Failed" : "Succeeded";
              metrics.syncFinished(tenant, cluster.id().value(), phase, Duration.between(started, Instant.now()));
              metrics.syncCounted(tenant, cluster.id().value(), phase);
              String next = gate.finished(desired.revision(), result.failed(), result.failure());
              String message = result.failed() ? "sync failed: " + result.failure() + next : "synced to " + desired.revision().shortId();
              return compare(spec, cluster, split.regular()).compose(after ->
                  operations.finish(opId, phase, message, result.outcomes()).map(ok -> {
                    announce(spec.id(), running.finished(phase, message));
                    return status(desired, after, message);
                  }));
            })
            .recover(err -> {
              metrics.syncFinished(tenant, cluster.id().value(), "Error", Duration.between(started, Instant.now()));
              metrics.syncCounted(tenant, cluster.id().value(), "Error");
              gate.finished(desired.revision(), true, String.valueOf(err.getMessage()));
              String message = "sync error: " + err.getMessage();
              announce(spec.id(), running.finished("Error", message));
              return operations.finish(opId, "Error", message, List.of()).compose(x -> Future.failedFuture(err));
            });
    });
  }

  /** Live progress for the feed and GraphQL's syncProgress; the history row is the record. */
  private void announce(AppId id, OperationState operation) {
    context.owner().eventBus().publish(Addresses.APP_OPERATION, new Messages.OperationChanged(id, operation));
  }

  private List<Map<String, Object>> observed(AppSpec spec, ClusterConnection cluster) {
    List<Map<String, Object>> live = new ArrayList<>(LiveObserver.live(spec.id(), cluster, recent));
    live.removeIf(Hooks::isHook); // hooks run at their phase; they are neither drift nor pruned
    return live;
  }

  /** The app's ignoreDifferences on top of the tenant's field manager. */
  private static DiffOptions diffOptions(AppSpec spec) {
    DiffOptions options = new DiffOptions(List.of(), FieldManagers.of(spec.id().tenant()));
    for (AppSpec.IgnoreDifference d : spec.ignoreDifferences()) {
      options = options.withIgnore(IgnoreRule.of(d));
    }
    return options;
  }

  private SyncOptions options(AppSpec spec, Intent intent) {
    return SyncOptions.of(spec.syncPolicy(), waveTimeout).overriddenBy(intent.prune(), false, intent.force());
  }

  /** The render split into the app's desired objects and its hooks. */
  private record Split(List<Map<String, Object>> regular, List<Map<String, Object>> hooks) {
    static Split of(List<Map<String, Object>> objects) {
      List<Map<String, Object>> regular = new ArrayList<>();
      List<Map<String, Object>> hooks = new ArrayList<>();
      objects.forEach(o -> (Hooks.isHook(o) ? hooks : regular).add(o));
      return new Split(regular, hooks);
    }
  }

  private static AppStatus status(DesiredSet desired, Comparison c, String message) {
    return new AppStatus(c.sync(), c.health().status(), c.health().message(), desired.revision().commit(),
        message, c.resources(), Instant.now());
  }

  private static <T> Future<T> failed(String message) {
    return Future.failedFuture(new ReconcileException(message));
  }
}
