package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.ServerDryRun;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.SyncWindowCheck;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What people ask of an app through the API: refresh, sync, dry run, rollback, resume automated
 * sync. A user's sync inside a deny sync window is refused here, before anything is fetched, unless
 * it overrides the window. Runs on the loop's context (the loop hops there first).
 */
final class AppCommands {
  private static final Logger LOG = Logger.getLogger(AppCommands.class.getName());

  /**
   * How a command reaches the queue: {@code intent} is merged with any pending one, then the app is
   * queued.
   */
  interface Dispatch {
    Future<AppStatus> request(AppId id, Intent intent);
  }

  private final AppRegistry registry;
  private final GitSources git;
  private final OperationStore operations;
  private final Access access;
  private final Clock clock;
  private final AppReconciler reconciler;
  private final Dispatch dispatch;

  AppCommands(
      AppRegistry registry,
      GitSources git,
      OperationStore operations,
      Access access,
      Clock clock,
      AppReconciler reconciler,
      Dispatch dispatch) {
    this.registry = registry;
    this.git = git;
    this.operations = operations;
    this.access = access;
    this.clock = clock;
    this.reconciler = reconciler;
    this.dispatch = dispatch;
  }

  /** Fetches the app's repository now, then reconciles; a syncing {@code intent} also applies. */
  Future<AppStatus> refresh(AppId id, Intent intent) {
    return known(id)
        .compose(
            app -> {
              Optional<String> closed =
                  intent.manual() && !intent.overridesSyncWindow()
                      ? windowBlock(app)
                      : Optional.empty();
              if (closed.isPresent()) {
                return Future.failedFuture(new SyncWindowClosedException(closed.get()));
              }
              return git.fetch(TenantRepo.of(app.spec()))
                  .transform(
                      fetched -> {
                        if (fetched.failed()) {
                          LOG.warning(
                              "fetch of "
                                  + app.spec().source().repoUrl()
                                  + " failed: "
                                  + fetched.cause().getMessage());
                        }
                        // Merged only now: a reconcile an informer started during the fetch must
                        // not take this sync
                        // and leave the caller the result of a run that only observed.
                        return dispatch.request(id, intent);
                      });
            });
  }

  /**
   * Plans a sync with {@code intent}'s options and asks the cluster about each write with
   * dryRun=All.
   */
  Future<ServerDryRun.Result> dryRun(AppId id, Intent intent) {
    return known(id)
        .compose(
            app ->
                git.fetch(TenantRepo.of(app.spec()))
                    .transform(f -> reconciler.plan(app.spec(), intent)));
  }

  /**
   * Syncs the app to {@code revision} (an earlier successful one: the caller checks) and pauses
   * automated sync until Git's head moves past the one seen now, or a user resumes it. A rollback
   * is a manual sync: refused in a deny window unless {@code overrideSyncWindow}.
   */
  Future<AppStatus> rollback(AppId id, String revision, String who, boolean overrideSyncWindow) {
    return known(id)
        .compose(
            app -> {
              Optional<String> closed = overrideSyncWindow ? Optional.empty() : windowBlock(app);
              if (closed.isPresent()) {
                return Future.failedFuture(new SyncWindowClosedException(closed.get()));
              }
              Intent intent = Intent.rollbackBy(who, revision);
              OperationStore.Pause pause =
                  new OperationStore.Pause(
                      id,
                      "rolled back to " + new Revision(revision).shortId() + " by " + who,
                      revision,
                      app.status().revision(),
                      who);
              registry.state(id).pause = pause;
              return operations
                  .pause(pause)
                  .compose(
                      v ->
                          refresh(id, overrideSyncWindow ? intent.overridingSyncWindow() : intent));
            });
  }

  /** Ends a pause of automated sync: the app syncs to Git's head again (if automated). */
  Future<AppStatus> resumeAutoSync(AppId id) {
    return known(id)
        .compose(
            app -> {
              AppSyncState st = registry.state(id);
              st.pause = null;
              st.lastSynced = null;
              return operations.unpause(id).compose(v -> dispatch.request(id, Intent.OBSERVE));
            });
  }

  /** Why automated sync is paused for the app, if it is. */
  Optional<String> pauseOf(AppId id) {
    return registry.stateIfAny(id).map(s -> s.pause).map(OperationStore.Pause::reason);
  }

  /**
   * Why a user's sync of the app is refused now (a deny sync window, or no allow window open), if
   * it is.
   */
  Optional<String> syncWindowBlock(AppId id) {
    return registry.app(id).flatMap(this::windowBlock);
  }

  /** What blocks a sync of the app now; {@code manual}: a user's (some windows allow those). */
  Optional<SyncWindowCheck.Blocked> windows(AppSpec spec, boolean manual) {
    return access
        .tenant(spec.id().tenant())
        .flatMap(
            t ->
                SyncWindowCheck.blocking(
                    t.syncWindows(),
                    spec.destination().cluster().value(),
                    clock.instant(),
                    manual));
  }

  private Optional<String> windowBlock(App app) {
    return windows(app.spec(), true).map(b -> b.message("manual sync"));
  }

  private Future<App> known(AppId id) {
    return registry
        .app(id)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new ReconcileException("app " + id + " not found")));
  }
}
