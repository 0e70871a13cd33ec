package io.gitops.gateway.reconcile;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.RecentApplies;
import io.gitops.gateway.codec.DiffJson;
import io.gitops.gateway.config.SyncSettings;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.source.SourceRenders;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.AppDeletion;
import io.gitops.gateway.sync.ApplyRateLimiter;
import io.gitops.gateway.sync.plan.Hooks;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.DestinationPolicy;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The controller's verticle: the registry of apps, a de-duplicating queue of reconciles (one per
 * app at a time), and the dispatch of each to {@link AppReconciler}. The triggers live in their own
 * rooms — {@link GitTriggers} (polls, webhooks), {@link AppCommands} (the API's requests), {@link
 * AutoSync} (retries, backoffs, sync windows) — and a live change from an informer or a cluster
 * coming back queues the apps it concerns. All state lives on this verticle's context; callers from
 * other threads go through {@link #onLoop}.
 *
 * <p>It reconciles the apps {@link Ownership} places on this replica (all of them in one process):
 * at start it claims them and closes what their previous run left Running; when placement changes
 * it lets go of the apps that moved away and adopts those that moved here ({@link #rebalance}).
 */
public final class ReconcileLoop extends VerticleBase implements AppControl {
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());

  private final Dependencies deps;
  private final AppRegistry registry;
  private final Map<AppId, Intent> intents = new HashMap<>();
  private final Map<AppId, Long> rechecks = new HashMap<>();
  private WorkQueue<AppId, AppStatus> queue;
  private LiveState live;
  private Compare compare;
  private StatusRecorder recorder;
  private AppReconciler reconciler;
  private GitTriggers triggers;
  private AppCommands commands;
  private volatile boolean firstPassDone;
  private volatile boolean settled;
  private boolean rebalancing;
  private boolean rebalanceAgain;

  private ApplyRateLimiter limiter;
  private DeletionHooks deletionHooks;

  public ReconcileLoop(Dependencies deps) {
    this.deps = deps;
    this.registry = new AppRegistry(deps.sync());
  }

  @Override
  public Future<?> start() {
    queue = new WorkQueue<>(deps.maxConcurrentReconciles(), this::reconcileOne);
    build();
    vertx
        .eventBus()
        .<Messages.LiveChanged>localConsumer(
            Addresses.LIVE_CHANGED,
            msg -> {
              if (registry.contains(msg.body().app())) {
                queue.add(msg.body().app());
              }
            });
    vertx
        .eventBus()
        .<Messages.ClusterState>localConsumer(
            Addresses.CLUSTER_STATE,
            msg ->
                registry.all().stream()
                    .filter(a -> a.spec().destination().cluster().equals(msg.body().cluster()))
                    .forEach(a -> queue.add(a.id())));
    vertx.setPeriodic(Math.min(1000, deps.pollInterval().toMillis()), id -> triggers.poll());
    vertx.setPeriodic(
        Duration.ofHours(1).toMillis(),
        id -> recorder.expireHistory(deps.sync().historyRetention()));
    deps.ownership().onChange(() -> context.runOnContext(v -> rebalance()));
    return deps.apps()
        .listAll()
        .compose(all -> adopt(all.stream().filter(a -> placed(a.id())).toList()))
        .compose(
            resumed -> {
              settled = true;
              recorder.expireHistory(deps.sync().historyRetention());
              List<Future<AppStatus>> first =
                  registry.all().stream().map(a -> queue.add(a.id())).toList();
              Future.join(first).onComplete(done -> firstPassDone = true);
              resume(resumed);
              return Future.succeededFuture();
            });
  }

  private boolean placed(AppId id) {
    return deps.ownership().placedHere(id);
  }

  /**
   * Claims {@code apps} for this replica and takes them into the loop with what PostgreSQL holds of
   * them (pauses, last synced revisions); closes the operations a previous owner (or this replica's
   * previous run) left Running, each exactly once. Returns the user's syncs to resume.
   */
  private Future<Map<AppId, Intent>> adopt(List<App> apps) {
    if (apps.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return deps.ownership()
        .claim(apps.stream().map(App::id).toList())
        .compose(
            claimed -> {
              apps.stream().filter(a -> claimed.contains(a.id())).forEach(registry::put);
              deps.metrics().appsNow(registry.all());
              return new Restart(deps.operations(), registry, deps.ownership().replica())
                  .recover(claimed);
            });
  }

  private void resume(Map<AppId, Intent> resumed) {
    resumed.forEach(
        (id, intent) ->
            commands
                .refresh(id, intent)
                .onFailure(
                    err ->
                        LOG.warning(
                            id + ": " + intent.triggeredBy() + " not run: " + err.getMessage())));
  }

  /**
   * Placement changed (a member joined or left, partitions moved, a claim was lost): lets go of the
   * apps placed elsewhere now and adopts those placed here, reconciling each at once. One run at a
   * time; a change during a run runs it again after.
   */
  private void rebalance() {
    if (rebalancing) {
      rebalanceAgain = true;
      return;
    }
    rebalancing = true;
    settled = false;
    deps.apps()
        .listAll()
        .compose(
            all -> {
              List<AppId> gone =
                  registry.all().stream().map(App::id).filter(id -> !placed(id)).toList();
              gone.forEach(this::letGo);
              List<App> arriving =
                  all.stream().filter(a -> placed(a.id()) && !registry.contains(a.id())).toList();
              if (!gone.isEmpty() || !arriving.isEmpty()) {
                LOG.info(
                    "replica "
                        + deps.ownership().replica()
                        + ": "
                        + gone.size()
                        + " apps moved away, "
                        + arriving.size()
                        + " to adopt");
              }
              return adopt(arriving)
                  .map(
                      resumed -> {
                        arriving.stream()
                            .filter(a -> registry.contains(a.id()))
                            .forEach(a -> queue.add(a.id()));
                        resume(resumed);
                        return null;
                      });
            })
        .onFailure(err -> LOG.warning("rebalance failed, tried again: " + err.getMessage()))
        .onComplete(
            done -> {
              rebalancing = false;
              if (rebalanceAgain || done.failed()) {
                rebalanceAgain = false;
                vertx.setTimer(done.failed() ? 1000 : 1, t -> rebalance());
              } else {
                settled = true;
              }
            });
  }

  /** An app this replica no longer owns: out of the loop, its claim released. */
  private void letGo(AppId id) {
    registry.remove(id);
    live.forget(id);
    intents.remove(id);
    Long timer = rechecks.remove(id);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    deps.ownership().release(id);
    deps.metrics().appsNow(registry.all());
  }

  /**
   * True once this replica has claimed every app placed on it (always, after start, in one
   * process): readiness waits for it, so a rollout never counts a replica that owns nothing yet.
   */
  public boolean settled() {
    return settled;
  }

  /**
   * Takes the app out of the loop ({@link #removed}), so that no sync brings its objects back, then
   * deletes its live objects with {@code cascade} ({@link AppDeletion}): those the informers held
   * for it right before it left.
   */
  @Override
  public Future<AppDeletion.Result> deleteObjects(App app, Propagation cascade) {
    AppSpec spec = app.spec();
    Optional<ClusterConnection> cluster = deps.clusters().get(spec.destination().cluster());
    if (cluster.isEmpty()) {
      // nothing the gateway can reach: the app goes, and the audit log says its objects stayed
      return removed(spec.id())
          .map(
              v ->
                  AppDeletion.Result.unreachable(
                      "cluster "
                          + spec.destination().cluster().value()
                          + " is not registered: its objects were left as they are"));
    }
    String unreachable = cluster.get().unreachableReason();
    if (unreachable != null) {
      // its informers may have let go of the app's objects: deleting "everything listed" would
      // delete nothing and say it was done
      return removed(spec.id())
          .map(
              v ->
                  AppDeletion.Result.blocked(
                      "cluster "
                          + spec.destination().cluster().value()
                          + " is unreachable ("
                          + unreachable
                          + "): nothing was deleted"));
    }
    Optional<Tenant> tenant = deps.access().tenant(spec.id().tenant());
    String clusterName = spec.destination().cluster().value();
    // PreDelete hooks first (the app out of the loop, so no sync runs meanwhile): one that fails
    // keeps the app and every object
    Future<List<Map<String, Object>>> rendered =
        removed(spec.id()).compose(v -> deletionHooks.rendered(app));
    Future<String> preDelete =
        rendered
            .compose(
                objects -> deletionHooks.run(app, cluster.get(), objects, Hooks.Phase.PRE_DELETE))
            .transform(
                done ->
                    Future.succeededFuture(
                        done.succeeded() ? null : String.valueOf(done.cause().getMessage())));
    // the caches overlaid with recent writes (read on the loop, where they live): an object
    // applied a moment ago and not yet in an informer's cache is deleted too (a PreDelete hook too)
    return preDelete.compose(
        blocked ->
            blocked != null
                ? Future.succeededFuture(
                    AppDeletion.Result.blocked(blocked + ": nothing was deleted"))
                : onLoop(() -> Future.succeededFuture(live.everything(spec.id(), cluster.get())))
                    .compose(
                        objects ->
                            AppDeletion.run(
                                cluster.get(),
                                objects,
                                spec.id(),
                                cascade,
                                limiter,
                                object ->
                                    tenant.isEmpty()
                                        ? "tenant " + spec.id().tenant() + " no longer exists"
                                        : DestinationPolicy.check(
                                                tenant.get(), clusterName, List.of(object))
                                            .stream()
                                            .findFirst()
                                            .orElse(null)))
                    .compose(result -> postDelete(app, cluster.get(), rendered.result(), result)));
  }

  /**
   * PostDelete hooks, once every object went: a hook that fails keeps the app (its objects are
   * gone), the status saying why.
   */
  private Future<AppDeletion.Result> postDelete(
      App app,
      ClusterConnection cluster,
      List<Map<String, Object>> objects,
      AppDeletion.Result deleted) {
    if (!deleted.succeeded()) {
      return Future.succeededFuture(deleted);
    }
    return deletionHooks
        .run(app, cluster, objects, Hooks.Phase.POST_DELETE)
        .transform(
            done ->
                Future.succeededFuture(
                    done.succeeded()
                        ? deleted
                        : new AppDeletion.Result(
                            deleted.deleted(),
                            deleted.kept(),
                            deleted.failed(),
                            String.valueOf(done.cause().getMessage()),
                            true)));
  }

  /** The rooms, wired once: each is built from what it needs, never from the loop itself. */
  private void build() {
    SyncSettings settings = deps.sync();
    // Diffs and health (Lua scripts included) off this loop: one slow script must not hold every
    // app.
    // Created here, it closes with this verticle.
    WorkerExecutor comparePool = vertx.createSharedWorkerExecutor("compare", 2);
    live =
        new LiveState(
            deps.clusters(), context, new RecentApplies(settings.cacheCatchUp()), deps.health());
    compare = new Compare(comparePool, deps.health(), deps.metrics());
    recorder =
        new StatusRecorder(
            vertx, registry, deps.apps(), deps.operations(), deps.metrics(), deps.ownership());
    limiter = new ApplyRateLimiter(vertx, settings.applyRatePerCluster(), settings.applyBurst());
    SyncRun sync =
        new SyncRun(deps.access(), limiter, settings.waveTimeout(), deps.metrics(), live, recorder);
    RenderStep render = new RenderStep(deps.git(), deps.renders(), deps.renderPool());
    deletionHooks = new DeletionHooks(render, deps.access(), live, limiter, settings.waveTimeout());
    reconciler = new AppReconciler(new AppReconciler.Steps(live, render, compare, sync, recorder));
    triggers = new GitTriggers(deps.git(), deps.renders(), registry, queue::add);
    commands =
        new AppCommands(
            registry,
            deps.git(),
            deps.operations(),
            deps.access(),
            deps.clock(),
            reconciler,
            this::request);
  }

  /** True once every app known at start has been reconciled once (whatever the outcome). */
  public boolean firstPassDone() {
    return firstPassDone;
  }

  /** The Git sources this loop fetches from (the API checks app URLs with their policy). */
  @Override
  public GitSources sources() {
    return deps.git();
  }

  /** The history of sync operations, for the API. */
  @Override
  public OperationStore operations() {
    return deps.operations();
  }

  public Optional<App> app(AppId id) {
    return registry.app(id);
  }

  @Override
  public boolean knows(AppId id) {
    return registry.contains(id);
  }

  /** Runs {@code work} on this verticle's context: the only way other threads touch its state. */
  private <T> Future<T> onLoop(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  /**
   * Compares every app again without fetching (health rules changed: a reloaded script folder). The
   * queue keeps its concurrency limit; an app already waiting is not queued twice.
   */
  public Future<Void> reassessAll() {
    return onLoop(
        () -> {
          registry.all().forEach(a -> queue.add(a.id()));
          return Future.succeededFuture();
        });
  }

  /**
   * A created or changed app: reconciled at once, and synced if its policy is automated. A new app
   * placed on this replica is claimed first; one placed elsewhere is its owner's (the API routes it
   * there: this replica never reconciles it).
   */
  @Override
  public Future<AppStatus> upserted(App app) {
    return onLoop(
        () -> {
          if (!placed(app.id())) {
            return Future.failedFuture(
                new ReconcileException(
                    "app " + app.id() + " is placed on another replica, not " + replica()));
          }
          if (!registry.contains(app.id())) {
            // New here: claimed before the first write (a brand-new app has no history to recover)
            return deps.ownership()
                .claim(List.of(app.id()))
                .compose(
                    claimed -> {
                      if (!claimed.contains(app.id())) {
                        return Future.failedFuture(
                            new ReconcileException("app " + app.id() + " was deleted"));
                      }
                      registry.put(app);
                      deps.metrics().appsNow(registry.all());
                      return queue.add(app.id());
                    });
          }
          Optional<App> previous = registry.put(app);
          if (previous.isPresent() && !previous.get().spec().equals(app.spec())) {
            registry.state(app.id()).lastSynced =
                null; // a new spec is new desired state, like a new revision
          }
          deps.metrics().appsNow(registry.all());
          return queue.add(app.id());
        });
  }

  @Override
  public Future<Void> removed(AppId id) {
    return onLoop(
        () -> {
          letGo(id);
          return Future.succeededFuture();
        });
  }

  private String replica() {
    return deps.ownership().replica();
  }

  // The API's requests: see AppCommands.

  /**
   * Fetches the app's repository now, then reconciles; a syncing {@code intent} also applies. A
   * user's sync inside a deny sync window fails with {@link SyncWindowClosedException} unless it
   * overrides the window.
   */
  @Override
  public Future<AppStatus> refresh(AppId id, Intent intent) {
    return onLoop(() -> commands.refresh(id, intent));
  }

  /**
   * Plans a sync with {@code intent}'s options and asks the cluster about each write (dryRun=All):
   * stores nothing.
   */
  @Override
  public Future<JsonObject> dryRun(AppId id, Intent intent) {
    return onLoop(() -> commands.dryRun(id, intent)).map(DiffJson::dryRun);
  }

  /**
   * Syncs the app to an earlier {@code revision} and pauses automated sync (see
   * AppCommands#rollback).
   */
  public Future<AppStatus> rollback(AppId id, String revision, String who) {
    return rollback(id, revision, who, false);
  }

  /**
   * As above; {@code overrideSyncWindow}: a rollback is a manual sync, refused in a deny window
   * unless so.
   */
  @Override
  public Future<AppStatus> rollback(
      AppId id, String revision, String who, boolean overrideSyncWindow) {
    return onLoop(() -> commands.rollback(id, revision, who, overrideSyncWindow));
  }

  /**
   * Why a user's sync of the app is refused now (a deny sync window, or no allow window open), if
   * it is.
   */
  @Override
  public Future<Optional<String>> syncWindowBlock(AppId id) {
    return onLoop(() -> Future.succeededFuture(commands.syncWindowBlock(id)));
  }

  /** Ends a pause of automated sync: the app syncs to Git's head again (if automated). */
  @Override
  public Future<AppStatus> resumeAutoSync(AppId id) {
    return onLoop(() -> commands.resumeAutoSync(id));
  }

  /** Why automated sync is paused for the app, if it is. */
  @Override
  public Future<Optional<String>> pauseOf(AppId id) {
    return onLoop(() -> Future.succeededFuture(commands.pauseOf(id)));
  }

  /**
   * The per-object diffs of the app's last comparison (Secret values redacted); empty before the
   * first.
   */
  public List<ObjectDiff> lastDiffs(AppId id) {
    return compare == null ? List.of() : compare.lastDiffs(id);
  }

  @Override
  public Future<JsonArray> lastDiff(AppId id) {
    return Future.succeededFuture(DiffJson.diffs(lastDiffs(id)));
  }

  // Git's triggers: see GitTriggers.

  /**
   * A push webhook named these repositories: per repository URL as apps spell it, how many apps
   * were queued.
   */
  @Override
  public Future<Map<String, Integer>> pushed(Set<String> repoKeys, Optional<PushHint> hint) {
    return onLoop(() -> triggers.pushed(repoKeys, hint));
  }

  /** One fetch of a repository, then a reconcile of every app that reads from it. */
  @Override
  public Future<Void> refreshRepository(String url) {
    return onLoop(() -> triggers.refreshRepository(url));
  }

  // The queue and its dispatch.

  /** Merges {@code intent} with any request already pending for the app, and queues it. */
  private Future<AppStatus> request(AppId id, Intent intent) {
    intents.merge(id, intent, Intent::merge);
    return queue.add(id);
  }

  private Future<AppStatus> reconcileOne(AppId id) {
    Optional<App> known = registry.app(id);
    if (known.isEmpty()) {
      return Future.failedFuture(new ReconcileException("app " + id + " was removed"));
    }
    App app = known.get();
    Intent intent = Optional.ofNullable(intents.remove(id)).orElse(Intent.OBSERVE);
    AppSpec spec = app.spec();
    Instant started =
        Instant
            .now(); // a revision this reconcile sees first was seen now: its render and apply count
    List<ResourceKey> lastSeen =
        app.status().resources().stream().map(ResourceStatus::key).toList();
    return reconciler
        .reconcile(spec, intent, gate(spec, intent), lastSeen)
        .map(
            status ->
                StatusRecorder.withSourceProblem(
                    status,
                    deps.git().problem(TenantRepo.of(spec), spec.source().targetRevision())))
        .recover(
            err ->
                err instanceof Ownership.Lost
                    ? Future.failedFuture(err)
                    : Future.succeededFuture(StatusRecorder.failed(app, err)))
        .compose(status -> recorder.record(id, status, started))
        .onFailure(
            err -> {
              if (err instanceof Ownership.Lost) {
                // another replica claimed it (this one paused, or placement moved): hands off
                LOG.warning(err.getMessage() + "; it leaves this replica's loop");
                letGo(id);
                rebalance();
              }
            });
  }

  private SyncGate gate(AppSpec spec, Intent intent) {
    AppId id = spec.id();
    String tenant = id.tenant().value();
    String cluster = spec.destination().cluster().value();
    return new AutoSync(
        spec,
        intent,
        registry.state(id),
        deps.sync(),
        new AutoSync.Actions() {
          @Override
          public void unpause() {
            deps.operations()
                .unpause(id)
                .onFailure(
                    err -> LOG.warning("cannot end the pause of " + id + ": " + err.getMessage()));
          }

          @Override
          public void retry(Intent retry, Duration after) {
            AppSyncState st = registry.state(id);
            long finishedBefore = st.finished;
            vertx.setTimer(
                Math.max(1, after.toMillis()),
                t -> {
                  // Stale once another operation finished, and never over a pause unless it retries
                  // the rollback itself.
                  if (registry.contains(id)
                      && st.finished == finishedBefore
                      && (st.pause == null || retry.rollback())) {
                    commands.refresh(id, retry);
                  }
                });
          }

          @Override
          public void backingOff(Duration wait) {
            deps.metrics().selfHealBackedOff(tenant, cluster);
            recheck(id, wait, null);
          }

          @Override
          public void windowClosed(Duration wait, Intent pending) {
            recheck(id, wait, pending);
          }
        },
        () -> commands.windows(spec, false));
  }

  /**
   * One pending look per app at the end of a backoff or when a sync window opens (a timer, not a
   * poll); a newer one replaces it. {@code pending}: a deferred retry that runs then.
   */
  private void recheck(AppId id, Duration after, Intent pending) {
    Long previous = rechecks.remove(id);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
    rechecks.put(
        id,
        vertx.setTimer(
            Math.max(1, after.toMillis() + 10),
            t -> {
              rechecks.remove(id);
              if (pending != null && registry.contains(id)) {
                intents.merge(id, pending, Intent::merge);
              }
              queue.add(id);
            }));
  }

  /** What the loop works with; built once by the gateway. */
  public record Dependencies(
      AppStore apps,
      OperationStore operations,
      GitSources git,
      SourceRenders renders,
      FairRenderPool renderPool,
      Clusters clusters,
      GatewayMetrics metrics,
      HealthAssessor health,
      Duration pollInterval,
      int maxConcurrentReconciles,
      Access access,
      SyncSettings sync,
      Clock clock,
      Ownership ownership) {

    /** One process: every app is this one's. */
    public Dependencies(
        AppStore apps,
        OperationStore operations,
        GitSources git,
        SourceRenders renders,
        FairRenderPool renderPool,
        Clusters clusters,
        GatewayMetrics metrics,
        HealthAssessor health,
        Duration pollInterval,
        int maxConcurrentReconciles,
        Access access,
        SyncSettings sync,
        Clock clock) {
      this(
          apps,
          operations,
          git,
          renders,
          renderPool,
          clusters,
          metrics,
          health,
          pollInterval,
          maxConcurrentReconciles,
          access,
          sync,
          clock,
          Ownership.SINGLE);
    }
  }
}
