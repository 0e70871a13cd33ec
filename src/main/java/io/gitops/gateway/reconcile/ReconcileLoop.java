package io.gitops.gateway.reconcile;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.source.RepoUrls;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.store.AppStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
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
 * refresh or sync. All its state lives on its own context; callers from other threads go through
 * {@link #onLoop}.
 */
public final class ReconcileLoop extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());

  private final Dependencies deps;
  private final Map<AppId, App> apps = new LinkedHashMap<>();
  private final Map<AppId, Intent> intents = new HashMap<>();
  private final Map<AppId, Revision> lastSyncedRevision = new HashMap<>();
  private final Set<TenantRepo> failingRepos = new HashSet<>();
  private WorkQueue<AppId, AppStatus> queue;
  private AppReconciler reconciler;
  private volatile boolean firstPassDone;

  public ReconcileLoop(Dependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    reconciler = new AppReconciler(deps.git(), deps.renderPool(), deps.clusters(), deps.operations(),
        deps.metrics(), deps.health(), context, deps.access());
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
    return deps.apps().listAll().compose(all -> {
      all.forEach(app -> apps.put(app.id(), app));
      deps.metrics().appsNow(apps.values());
      List<Future<AppStatus>> first = apps.keySet().stream().map(queue::add).toList();
      Future.join(first).onComplete(done -> firstPassDone = true);
      return Future.succeededFuture();
    });
  }

  /** True once every app known at start has been reconciled once (whatever the outcome). */
  public boolean firstPassDone() {
    return firstPassDone;
  }

  /** Runs {@code work} on this verticle's context: the only way other threads touch its state. */
  private <T> Future<T> onLoop(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  /** A created or changed app: reconciled at once, and synced if its policy is automated. */
  public Future<AppStatus> upserted(App app) {
    return onLoop(() -> {
      App previous = apps.put(app.id(), app);
      if (previous != null && !previous.spec().equals(app.spec())) {
        lastSyncedRevision.remove(app.id()); // a new spec is new desired state, like a new revision
      }
      deps.metrics().appsNow(apps.values());
      return queue.add(app.id());
    });
  }

  public Future<Void> removed(AppId id) {
    return onLoop(() -> {
      apps.remove(id);
      deps.metrics().appsNow(apps.values());
      return Future.succeededFuture();
    });
  }

  /** Fetches the app's repository now, then reconciles; with {@code intent.sync()} it also applies. */
  public Future<AppStatus> refresh(AppId id, Intent intent) {
    return onLoop(() -> {
      App app = apps.get(id);
      if (app == null) {
        return Future.failedFuture(new ReconcileException("app " + id + " not found"));
      }
      intents.merge(id, intent, Intent::merge);
      return deps.git().fetch(TenantRepo.of(app.spec()))
          .transform(fetched -> {
            if (fetched.failed()) {
              LOG.warning("fetch of " + app.spec().source().repoUrl() + " failed: " + fetched.cause().getMessage());
            }
            return queue.add(id);
          });
    });
  }

  /** The per-object diffs of the app's last comparison (Secret values redacted); empty before the first. */
  public List<io.gitops.gateway.diff.ObjectDiff> lastDiffs(AppId id) {
    return reconciler == null ? List.of() : reconciler.lastDiffs(id);
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

  private Future<AppStatus> reconcileOne(AppId id) {
    App app = apps.get(id);
    if (app == null) {
      return Future.failedFuture(new ReconcileException("app " + id + " was removed"));
    }
    Intent intent = Optional.ofNullable(intents.remove(id)).orElse(Intent.OBSERVE);
    AppSpec spec = app.spec();
    return reconciler.reconcile(spec, intent, gate(spec, intent))
        .recover(err -> Future.succeededFuture(failedStatus(app, err)))
        .compose(status -> record(id, status));
  }

  /**
   * Manual sync always applies; automated sync applies a revision it has not synced yet, and with
   * selfHeal also re-applies drift of a revision it already synced.
   */
  private SyncGate gate(AppSpec spec, Intent intent) {
    return new SyncGate() {
      @Override
      public boolean shouldSync(Comparison comparison, Revision revision) {
        if (intent.sync()) {
          return true;
        }
        AppSpec.SyncPolicy policy = spec.syncPolicy();
        return policy.automated() && (policy.selfHeal() || !revision.equals(lastSyncedRevision.get(spec.id())));
      }

      @Override
      public void synced(Revision revision) {
        lastSyncedRevision.put(spec.id(), revision);
      }
    };
  }

  private static AppStatus failedStatus(App app, Throwable err) {
    AppStatus last = app.status();
    return new AppStatus(SyncStatus.UNKNOWN, last.health(), last.healthMessage(), last.revision(),
        String.valueOf(err.getMessage()), last.resources(), java.time.Instant.now());
  }

  private Future<AppStatus> record(AppId id, AppStatus status) {
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
    apps.put(id, new App(app.spec(), app.version(), status));
    deps.metrics().appsNow(apps.values());
    vertx.eventBus().publish(Addresses.APP_STATUS, new Messages.StatusChanged(id, status));
    return deps.apps().updateStatus(id, status).map(status);
  }

  /** What the loop works with; built once by the gateway. */
  public record Dependencies(
      AppStore apps,
      io.gitops.gateway.store.OperationStore operations,
      io.gitops.gateway.source.GitSources git,
      io.vertx.core.WorkerExecutor renderPool,
      io.gitops.gateway.cluster.Clusters clusters,
      io.gitops.gateway.metrics.GatewayMetrics metrics,
      io.gitops.gateway.health.HealthAssessor health,
      Duration pollInterval,
      int maxConcurrentReconciles,
      io.gitops.gateway.tenancy.Access access) {}
}
