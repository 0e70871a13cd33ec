package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.FieldManagers;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.ApplyRateLimiter;
import io.gitops.gateway.sync.OwnershipCheck;
import io.gitops.gateway.sync.Syncer;
import io.gitops.gateway.sync.plan.ApplyOrder;
import io.gitops.gateway.sync.plan.Hooks;
import io.gitops.gateway.sync.plan.Ownership;
import io.gitops.gateway.sync.plan.SyncOptions;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * An app's PreDelete and PostDelete hooks (Argo CD's deletion phases), run by a cascading deletion:
 * rendered from the app's last synced revision, checked against the tenant's rules and whose the
 * objects are exactly as sync hooks are, then run one after the other through {@link Syncer} (so
 * BeforeHookCreation, the wait for the Job and the deletion policies are the same code). A hook
 * that fails or is refused fails the phase with why; hooks Git no longer gives are not run.
 */
final class DeletionHooks {
  private static final Logger LOG = Logger.getLogger(DeletionHooks.class.getName());

  private final RenderStep render;
  private final Access access;
  private final LiveState live;
  private final ApplyRateLimiter limiter;
  private final Duration waveTimeout;

  DeletionHooks(
      RenderStep render,
      Access access,
      LiveState live,
      ApplyRateLimiter limiter,
      Duration waveTimeout) {
    this.render = render;
    this.access = access;
    this.live = live;
    this.limiter = limiter;
    this.waveTimeout = waveTimeout;
  }

  /**
   * The app's objects at the revision it last compared (and synced) against; none for an app that
   * never read Git (it cannot have run anything, and a deletion must not wait on a fetch).
   */
  Future<List<Map<String, Object>>> rendered(App app) {
    live.deleting(app.id()); // its kinds stay watched until the deletion is over (see run)
    String revision = app.status() == null ? null : app.status().revision();
    if (revision == null) {
      return Future.succeededFuture(List.of());
    }
    Intent intent = new Intent.Rollback("app deletion", revision, Intent.Choices.APP, false);
    return render
        .desired(app.spec(), intent)
        .map(desired -> desired.objects())
        // an app whose Git cannot be read any more must still be deletable: no hooks then
        .recover(
            err -> {
              LOG.warning(app.id() + ": deletion hooks not read from Git: " + err.getMessage());
              return Future.succeededFuture(List.of());
            });
  }

  /** Runs the hooks of {@code phase} among {@code objects}; fails with why one did not succeed. */
  Future<Void> run(
      App app, ClusterConnection cluster, List<Map<String, Object>> objects, Hooks.Phase phase) {
    Future<Void> ran = hooks(app, cluster, objects, phase);
    // the deletion is over after its PostDelete hooks, or once a PreDelete hook stopped it
    return phase == Hooks.Phase.POST_DELETE
        ? ran.onComplete(done -> live.deleted(app.id()))
        : ran.onFailure(err -> live.deleted(app.id()));
  }

  private Future<Void> hooks(
      App app, ClusterConnection cluster, List<Map<String, Object>> objects, Hooks.Phase phase) {
    AppSpec spec = app.spec();
    List<Map<String, Object>> hooks = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      if (Hooks.phaseOf(object).filter(phase::equals).isPresent()) {
        hooks.add(object);
      }
    }
    if (hooks.isEmpty()) {
      return Future.succeededFuture();
    }
    hooks.sort(ApplyOrder.COMPARATOR);
    String name = label(phase);
    List<String> violations = access.syncViolations(spec, hooks);
    if (!violations.isEmpty()) {
      return Future.failedFuture(
          name + " hooks refused by tenant policy: " + String.join("; ", violations));
    }
    List<SyncPlan.Step> steps =
        hooks.stream()
            .<SyncPlan.Step>map(h -> new SyncPlan.Hook(ResourceKey.of(h), h, phase))
            .toList();
    // run as a sync's first phase: the hooks, nothing else
    SyncPlan plan = new SyncPlan(steps, List.of(), List.of(), List.of(), List.of(), Map.of(), null);
    Ownership ownership = new Ownership(spec.id(), false, namespace -> false);
    return OwnershipCheck.conflicts(cluster, plan, ownership)
        .compose(
            conflicts ->
                conflicts.isEmpty()
                    ? Syncer.execute(
                        cluster,
                        plan,
                        SyncOptions.of(spec.syncPolicy(), waveTimeout),
                        live.observer(spec.id(), cluster),
                        limiter,
                        ownership,
                        FieldManagers.of(spec.id().tenant()))
                    : Future.failedFuture(
                        name
                            + " hooks refused: they belong to someone else: "
                            + String.join("; ", conflicts.values())))
        .compose(
            result ->
                result.failed()
                    ? Future.failedFuture(name + " hook failed: " + result.failure())
                    : Future.succeededFuture());
  }

  private static String label(Hooks.Phase phase) {
    return phase == Hooks.Phase.PRE_DELETE ? "PreDelete" : "PostDelete";
  }
}
