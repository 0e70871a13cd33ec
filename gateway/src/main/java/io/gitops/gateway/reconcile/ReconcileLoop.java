package io.gitops.gateway.reconcile;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.config.SyncSettings;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.source.RepoUrls;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.ApplyRateLimiter;
import io.gitops.gateway.sync.ServerDryRun;
import io.gitops.gateway.sync.plan.RecentApplies;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.SyncWindowCheck;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The controller: every app, a de-duplicating queue of reconciles (one per app at a time), and the
 * triggers that feed it — a live change from an informer, a poll of the app's repository, a user's
 * refresh or sync, a retry or a self-heal backoff running out. All its state lives on its own
 * context; callers from other threads go through {@link #onLoop}.
 */
public final class ReconcileLoop extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());

  private final Dependencies deps;
  private final Map<AppId, App> apps = new LinkedHashMap<>();
  private final Map<AppId, Intent> intents = new HashMap<>();
  private final Set<TenantRepo> failingRepos = new HashSet<>();
  private final Map<AppId, AppSyncState> states = new HashMap<>();
  private final Map<AppId, Long> rechecks = new HashMap<>();
  private WorkQueue<AppId, AppStatus> queue;
  private AppReconciler reconciler;
  private RecentApplies recent;
  private volatile boolean firstPassDone;

  public ReconcileLoop(Dependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    SyncSettings settings = deps.sync();
    recent = new RecentApplies(settings.cacheCatchUp());
    // Diffs and health (Lua scripts included) off this loop: one slow script must not hold every app.
    // Created here, it closes with this verticle.
    WorkerExecutor comparePool = vertx.createSharedWorkerExecutor("compare", 2);
    reconciler = new AppReconciler(deps.git(), deps.renderPool(), comparePool, deps.clusters(), deps.operations(),
        deps.metrics(), deps.health(), context, recent,
        new ApplyRateLimiter(vertx, settings.applyRatePerCluster(), settings.applyBurst()), deps.access(),
        settings.waveTimeout());
    queue = new WorkQueue<>(deps.maxConcurrentReconciles(), this::reconcileOne);
    vertx.eventBus().<Messages.LiveChanged>consumer(Addresses.LIVE_CHANGED, msg -> {
      if (apps.containsKey(msg.body().app())) {
        queue.add(msg.body().app());
      }
    });
    vertx.eventBus().<Messages.ClusterState>consumer(Addresses.CLUSTER_STATE, msg -> apps.values().stream()
        .filter(a -> a.spec().destination().cluster().equals(msg.body().cluster()))
        .forEach(a -> queue.add(a.id())));
    // A short tick; each repository's own jittered schedule decides whether it is due (GitSources).
    vertx.setPeriodic(Math.min(1000, deps.pollInterval().toMillis()), id -> poll());
    vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> expireHistory());
    return deps.apps().listAll().compose(all -> {
      all.forEach(app -> apps.put(app.id(), app));
      deps.metrics().appsNow(apps.values());
      return new Restart(deps.operations(), this).recover();
    }).compose(resumed -> {
      expireHistory();
      List<Future<AppStatus>> first = apps.keySet().stream().map(queue::add).toList();
      Future.join(first).onComplete(done -> firstPassDone = true);
      resumed.forEach((id, intent) -> refresh(id, intent)
          .onFailure(err -> LOG.warning(id + ": " + intent.triggeredBy() + " not run: " + err.getMessage())));
      return Future.succeededFuture();
    });
  }

  /** True once every app known at start has been reconciled once (whatever the outcome). */
  public boolean firstPassDone() {
    return firstPassDone;
  }

  /** The history of sync operations, for the API. */
  /** The Git sources this loop fetches from (the API checks app URLs with their policy). */
  public io.gitops.gateway.source.GitSources sources() {
    return deps.git();
  }

  public OperationStore operations() {
    return deps.operations();
  }

  /** Runs {@code work} on this verticle's context: the only way other threads touch its state. */
  private <T> Future<T> onLoop(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  AppSyncState state(AppId id) {
    return states.computeIfAbsent(id, k -> new AppSyncState(deps.sync()));
  }

  Map<AppId, App> apps() {
    return apps;
  }

  /**
   * Compares every app again without fetching (health rules changed: a reloaded script folder).
   * The queue keeps its concurrency limit; an app already waiting is not queued twice.
   */
  public Future<Void> reassessAll() {
    return onLoop(() -> {
      apps.keySet().forEach(queue::add);
      return Future.succeededFuture();
    });
  }

  /** A created or changed app: reconciled at once, and synced if its policy is automated. */
  public Future<AppStatus> upserted(App app) {
    return onLoop(() -> {
      App previous = apps.put(app.id(), app);
      if (previous != null && !previous.spec().equals(app.spec())) {
        state(app.id()).lastSynced = null; // a new spec is new desired state, like a new revision
      }
      deps.metrics().appsNow(apps.values());
      return queue.add(app.id());
    });
  }

  public Future<Void> removed(AppId id) {
    return onLoop(() -> {
      apps.remove(id);
      states.remove(id);
      recent.forget(id);
      Long timer = rechecks.remove(id);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      deps.metrics().appsNow(apps.values());
      return Future.succeededFuture();
    });
  }

  /**
   * Fetches the app's repository now, then reconciles; with {@code intent.sync()} it also applies.
   * A user's sync inside a deny sync window fails with {@link SyncWindowClosedException} unless it
   * overrides the window.
   */
  public Future<AppStatus> refresh(AppId id, Intent intent) {
    return onLoop(() -> {
      App app = apps.get(id);
      if (app == null) {
        return Future.failedFuture(new ReconcileException("app " + id + " not found"));
      }
      Optional<String> closed = intent.manual() && !intent.overrideSyncWindow() ? windowBlock(app) : Optional.empty();
      if (closed.isPresent()) {
        return Future.failedFuture(new SyncWindowClosedException(closed.get()));
      }
      return deps.git().fetch(TenantRepo.of(app.spec()))
          .transform(fetched -> {
            if (fetched.failed()) {
              LOG.warning("fetch of " + app.spec().source().repoUrl() + " failed: " + fetched.cause().getMessage());
            }
            // Merged only now: a reconcile an informer started during the fetch must not take this sync
            // and leave the caller the result of a run that only observed.
            intents.merge(id, intent, Intent::merge);
            return queue.add(id);
          });
    });
  }

  /** The per-object diffs of the app's last comparison (Secret values redacted); empty before the first. */
  public List<ObjectDiff> lastDiffs(AppId id) {
    return reconciler == null ? List.of() : reconciler.lastDiffs(id);
  }

  /** Plans a sync with {@code intent}'s options and asks the cluster about each write with dryRun=All: stores nothing. */
  public Future<ServerDryRun.Result> dryRun(AppId id, Intent intent) {
    return onLoop(() -> {
      App app = apps.get(id);
      if (app == null) {
        return Future.failedFuture(new ReconcileException("app " + id + " not found"));
      }
      return deps.git().fetch(TenantRepo.of(app.spec())).transform(f -> reconciler.plan(app.spec(), intent));
    });
  }

  /**
   * Syncs the app to {@code revision} (an earlier successful one: the caller checks) and pauses
   * automated sync until Git's head moves past the one seen now, or a user resumes it.
   */
  public Future<AppStatus> rollback(AppId id, String revision, String who) {
    return rollback(id, revision, who, false);
  }

  /** As above; {@code overrideSyncWindow}: a rollback is a manual sync, refused in a deny window unless this says so. */
  public Future<AppStatus> rollback(AppId id, String revision, String who, boolean overrideSyncWindow) {
    return onLoop(() -> {
      App app = apps.get(id);
      if (app == null) {
        return Future.failedFuture(new ReconcileException("app " + id + " not found"));
      }
      Optional<String> closed = overrideSyncWindow ? Optional.empty() : windowBlock(app);
      if (closed.isPresent()) {
        return Future.failedFuture(new SyncWindowClosedException(closed.get()));
      }
      Intent intent = overrideSyncWindow ? Intent.rollbackBy(who, revision).overridingSyncWindow() : Intent.rollbackBy(who, revision);
      OperationStore.Pause pause = new OperationStore.Pause(id, "rolled back to " + new Revision(revision).shortId()
          + " by " + who, revision, app.status().revision(), who);
      state(id).pause = pause;
      return deps.operations().pause(pause).compose(v -> refresh(id, intent));
    });
  }

  /** Why a user's sync of the app is refused now (a deny sync window, or no allow window open), if it is. */
  public Future<Optional<String>> syncWindowBlock(AppId id) {
    return onLoop(() -> Future.succeededFuture(Optional.ofNullable(apps.get(id)).flatMap(this::windowBlock)));
  }

  private Optional<String> windowBlock(App app) {
    return windows(app.spec(), true).map(b -> b.message("manual sync"));
  }

  private Optional<SyncWindowCheck.Blocked> windows(AppSpec spec, boolean manual) {
    return deps.access().tenant(spec.id().tenant()).flatMap(t -> SyncWindowCheck.blocking(t.syncWindows(),
        spec.destination().cluster().value(), deps.clock().instant(), manual));
  }

  /** Ends a pause of automated sync: the app syncs to Git's head again (if automated). */
  public Future<AppStatus> resumeAutoSync(AppId id) {
    return onLoop(() -> {
      if (!apps.containsKey(id)) {
        return Future.failedFuture(new ReconcileException("app " + id + " not found"));
      }
      AppSyncState st = state(id);
      st.pause = null;
      st.lastSynced = null;
      return deps.operations().unpause(id).compose(v -> queue.add(id));
    });
  }

  /** Why automated sync is paused for the app, if it is. */
  public Future<Optional<String>> pauseOf(AppId id) {
    return onLoop(() -> Future.succeededFuture(Optional.ofNullable(states.get(id)).map(s -> s.pause)
        .map(OperationStore.Pause::reason)));
  }

  public Optional<App> app(AppId id) {
    return Optional.ofNullable(apps.get(id));
  }

  private void poll() {
    // Per tenant: each fetches with its own credential (repositories without one share a mirror).
    List<TenantRepo> repos = apps.values().stream().map(a -> TenantRepo.of(a.spec())).distinct().toList();
    deps.git().dueForPoll(repos).forEach(repo ->
        deps.git().fetch(repo).transform(r -> afterFetch(repo, r.succeeded(), Optional.empty())));
  }

  /**
   * A push webhook named these repositories ({@link io.gitops.gateway.source.RepoUrls#key} form):
   * fetch each now and reconcile only the apps the push can have changed. Returns, per repository
   * URL as apps spell it, how many apps were queued.
   */
  public Future<Map<String, Integer>> pushed(Set<String> repoKeys, Optional<PushHint> hint) {
    return onLoop(() -> {
      Map<String, Integer> queued = new java.util.concurrent.ConcurrentHashMap<>();
      List<Future<Integer>> all = apps.values().stream().map(a -> TenantRepo.of(a.spec())).distinct()
          .filter(repo -> repoKeys.contains(RepoUrls.key(repo.url())))
          .map(repo -> deps.git().fetch(repo).transform(r -> afterFetch(repo, r.succeeded(), hint))
              .andThen(n -> queued.merge(repo.url(), n.result(), Integer::sum)))
          .toList();
      return Future.join(all).transform(done -> Future.succeededFuture(Map.copyOf(queued)));
    });
  }

  /**
   * After a fetch of {@code url}: queues the apps whose render inputs changed (see
   * {@link io.gitops.gateway.source.SourceRenders}) and those whose last reconcile failed; every app
   * of the repository when its fetch starts or stops failing, so their status shows it.
   */
  private Future<Integer> afterFetch(TenantRepo repo, boolean ok, Optional<PushHint> hint) {
    String url = repo.url();
    List<App> ofRepo = apps.values().stream().filter(a -> deps.git().sameMirror(repo, TenantRepo.of(a.spec()))).toList();
    boolean flipped = ok ? failingRepos.remove(repo) : failingRepos.add(repo);
    if (!ok || flipped) {
      ofRepo.forEach(a -> queue.add(a.id()));
      return Future.succeededFuture(flipped ? ofRepo.size() : 0);
    }
    Set<GitSources.Point> points = ofRepo.stream().map(ReconcileLoop::point).collect(Collectors.toSet());
    return deps.git().changes(repo, points, hint).map(changes -> {
      int n = 0;
      for (App a : ofRepo) {
        GitSources.Change c = changes.get(point(a));
        boolean changed = c == null || c.moved(a.status().revision()) && c.changedPaths()
            .map(paths -> deps.git().renders().affected(url, AppReconciler.renderRequest(a.spec()), paths)).orElse(true);
        boolean troubled = a.status().sync() == SyncStatus.UNKNOWN
            || deps.git().problem(TenantRepo.of(a.spec()), a.spec().source().targetRevision()).isPresent();
        if (changed || troubled) {
          queue.add(a.id());
          n++;
        }
      }
      return n;
    });
  }

  private static GitSources.Point point(App app) {
    return new GitSources.Point(app.spec().source().targetRevision(), app.status().revision());
  }

  /**
   * One fetch of a repository, then a reconcile of every app that reads from it: what a poll or a
   * push webhook does, so a commit touching 1,000 apps costs one fetch, not 1,000.
   */
  public Future<Void> refreshRepository(String url) {
    return onLoop(() -> {
      List<App> ofRepo = apps.values().stream().filter(a -> a.spec().source().repoUrl().equals(url)).toList();
      // One fetch per mirror: tenants with their own credential have their own (see TenantRepo).
      List<Future<Void>> fetches = ofRepo.stream().map(a -> TenantRepo.of(a.spec())).distinct().map(deps.git()::fetch).toList();
      return Future.join(fetches).transform(r -> {
        ofRepo.forEach(a -> queue.add(a.id()));
        return r.failed() ? Future.failedFuture(r.cause()) : Future.succeededFuture();
      });
    });
  }

  private void expireHistory() {
    deps.operations().expire(deps.sync().historyRetention())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info(n + " sync operations older than " + deps.sync().historyRetention().toDays() + " days deleted");
          }
        })
        .onFailure(err -> LOG.warning("cannot expire sync history: " + err.getMessage()));
  }

  private Future<AppStatus> reconcileOne(AppId id) {
    App app = apps.get(id);
    if (app == null) {
      return Future.failedFuture(new ReconcileException("app " + id + " was removed"));
    }
    Intent intent = Optional.ofNullable(intents.remove(id)).orElse(Intent.OBSERVE);
    AppSpec spec = app.spec();
    Instant started = Instant.now(); // a revision this reconcile sees first was seen now: its render and apply count
    List<ResourceKey> lastSeen = app.status().resources().stream().map(ResourceStatus::key).toList();
    return reconciler.reconcile(spec, intent, gate(spec, intent), lastSeen)
        .recover(err -> Future.succeededFuture(failedStatus(app, err)))
        .compose(status -> record(id, status, started));
  }

  private SyncGate gate(AppSpec spec, Intent intent) {
    AppId id = spec.id();
    String tenant = id.tenant().value();
    String cluster = spec.destination().cluster().value();
    return new AutoSync(spec, intent, state(id), deps.sync(), new AutoSync.Actions() {
      @Override
      public void unpause() {
        deps.operations().unpause(id).onFailure(err -> LOG.warning("cannot end the pause of " + id + ": " + err.getMessage()));
      }

      @Override
      public void retry(Intent retry, Duration after) {
        AppSyncState st = state(id);
        long finishedBefore = st.finished;
        vertx.setTimer(Math.max(1, after.toMillis()), t -> {
          // Stale once another operation finished, and never over a pause unless it retries the rollback itself.
          if (apps.containsKey(id) && st.finished == finishedBefore && (st.pause == null || retry.rollback())) {
            refresh(id, retry);
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
    }, () -> windows(spec, false));
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
    rechecks.put(id, vertx.setTimer(Math.max(1, after.toMillis() + 10), t -> {
      rechecks.remove(id);
      if (pending != null && apps.containsKey(id)) {
        intents.merge(id, pending, Intent::merge);
      }
      queue.add(id);
    }));
  }

  /**
   * What is known when a reconcile fails: sync is Unknown; health too when the cluster cannot be
   * reached (the last verdict may no longer be true), else it keeps the last one seen.
   */
  private static AppStatus failedStatus(App app, Throwable err) {
    AppStatus last = app.status();
    boolean unreachable = err instanceof ReconcileException.ClusterUnreachable;
    return new AppStatus(SyncStatus.UNKNOWN, unreachable ? HealthStatus.UNKNOWN : last.health(),
        unreachable ? err.getMessage() : last.healthMessage(), last.revision(), String.valueOf(err.getMessage()),
        last.resources(), Instant.now());
  }

  private Future<AppStatus> record(AppId id, AppStatus status, Instant started) {
    App app = apps.get(id);
    if (app == null) {
      return Future.succeededFuture(status);
    }
    if (app.status().sync() == SyncStatus.SYNCED && status.sync() == SyncStatus.OUT_OF_SYNC
        && java.util.Objects.equals(app.status().revision(), status.revision())) {
      deps.metrics().driftDetected(id.tenant().value(), app.spec().destination().cluster().value());
    }
    if (!status.message().isEmpty() && !status.message().equals(app.status().message())) {
      LOG.info(id + ": " + status.sync().label() + ", " + status.message());
    }
    timings(app, status, started);
    App updated = new App(app.spec(), app.version(), status);
    apps.put(id, updated);
    deps.metrics().appChanged(app, updated); // O(1): this runs after every reconcile
    vertx.eventBus().publish(Addresses.APP_STATUS, new Messages.StatusChanged(id, status));
    return deps.apps().updateStatus(id, status).map(status);
  }

  /** Commit-to-synced: from a revision first seen to Synced and Healthy; drift-to-healed: from drift seen to Synced. */
  private void timings(App app, AppStatus status, Instant started) {
    if (status.revision() == null) {
      return;
    }
    AppSyncState st = state(app.id());
    Instant now = Instant.now();
    Revision revision = new Revision(status.revision());
    if (!revision.equals(st.seenRevision)) {
      st.seenRevision = revision;
      st.revisionSeenAt = started;
    }
    if (status.sync() != SyncStatus.SYNCED) {
      return;
    }
    String tenant = app.id().tenant().value();
    String cluster = app.spec().destination().cluster().value();
    if (st.driftSeenAt != null) {
      deps.metrics().driftToHealed(tenant, cluster, Duration.between(st.driftSeenAt, now));
      st.driftSeenAt = null;
    }
    if (st.revisionSeenAt != null && status.health() == HealthStatus.HEALTHY) {
      deps.metrics().commitToSynced(tenant, cluster, Duration.between(st.revisionSeenAt, now));
      st.revisionSeenAt = null;
    }
  }

  /** What the loop works with; built once by the gateway. */
  public record Dependencies(
      AppStore apps,
      OperationStore operations,
      GitSources git,
      FairRenderPool renderPool,
      Clusters clusters,
      GatewayMetrics metrics,
      HealthAssessor health,
      Duration pollInterval,
      int maxConcurrentReconciles,
      Access access,
      SyncSettings sync,
      java.time.Clock clock) {

    public Dependencies(AppStore apps, OperationStore operations, GitSources git,
        FairRenderPool renderPool, Clusters clusters,
        GatewayMetrics metrics, HealthAssessor health,
        Duration pollInterval, int maxConcurrentReconciles, Access access) {
      this(apps, operations, git, renderPool, clusters, metrics, health, pollInterval, maxConcurrentReconciles,
          access, SyncSettings.defaults(), java.time.Clock.systemUTC());
    }
  }
}
