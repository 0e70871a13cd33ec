package io.gitops.gateway.api;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.reconcile.AppControl;
import io.gitops.gateway.reconcile.Intent;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.store.OperationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * What REST ({@code …/operations}, {@code …/rollback}, {@code …/resume-auto-sync}) and GraphQL
 * ({@code syncApp}, {@code rollbackApp}, {@code resumeAutoSync}, {@code App.history}) both do to
 * the sync engine: one implementation of the sync window check, its audit and the loop calls.
 * Callers authorise first.
 */
public final class SyncActions {
  /** A sync's options; null prune or force keep the app's own. */
  public record Options(boolean dryRun, Boolean prune, Boolean force, boolean overrideSyncWindow) {}

  private final AppControl loop;
  private final OperationStore operations;
  private final Audit audit;

  public SyncActions(AppControl loop, AuditStore audit) {
    this.loop = loop;
    this.operations = loop.operations();
    this.audit = new Audit(audit);
  }

  /** The app as the loop knows it, or 404. */
  public AppId existing(AppId id) {
    if (!loop.knows(id)) {
      throw ApiException.notFound("app " + id.name());
    }
    return id;
  }

  public Future<List<OperationStore.OperationRow>> history(AppId id, long before, int limit) {
    return operations.page(id, before, limit);
  }

  /** {@link #history} of many apps in one query. */
  public Future<java.util.Map<AppId, List<OperationStore.OperationRow>>> histories(
      List<AppId> apps, long before, int limit) {
    return operations.pages(apps, before, limit);
  }

  /**
   * A dry run: plans and asks the cluster (server-side apply with dryRun=All), applies and stores
   * nothing. {@code {"dryRun": true, "refusal": …, "plan": {create, change, prune, held, hooks},
   * "server": {"errors": 1, "objects": [{"object", "result", "code", "message"}]}}}.
   */
  public Future<JsonObject> dryRun(AppId id, String who, Options options) {
    return loop.dryRun(id, intent(who, options));
  }

  /**
   * A sync that applies: refused (409) in a closed sync window unless it overrides it, audited
   * either way.
   */
  public Future<AppStatus> sync(RoutingContext ctx, AppId id, String who, Options options) {
    return windowChecked(ctx, id, "app.synced", options.overrideSyncWindow())
        .compose(v -> loop.refresh(id, intent(who, options)));
  }

  /**
   * Back to {@code revision} (a full SHA or a 7+ prefix) of an earlier Succeeded operation; pauses
   * automated sync.
   */
  public Future<AppStatus> rollback(
      RoutingContext ctx, AppId id, String who, Object revision, boolean override) {
    if (!(revision instanceof String rev) || !rev.matches("[0-9a-f]{7,40}")) {
      throw new ApiException(400, "revision must be a commit SHA (7 to 40 hex digits)", "revision");
    }
    return operations
        .succeededAt(id, rev)
        .compose(
            o ->
                o.map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                new ApiException(
                                    400,
                                    "no successful sync of this app at revision "
                                        + rev
                                        + ": rollback goes to a revision it ran before",
                                    "revision"))))
        .compose(op -> windowChecked(ctx, id, "app.rolledBack", override).map(op))
        .compose(op -> loop.rollback(id, op.revision(), who, override));
  }

  /** Ends the pause of automated sync a rollback set; audited. */
  public Future<AppStatus> resume(RoutingContext ctx, AppId id) {
    return audit
        .record(ctx, id, "app.autoSyncResumed", "success")
        .compose(v -> loop.resumeAutoSync(id));
  }

  /** The app was checked a moment ago; one deleted since is a 404, anything else fails as it is. */
  public static Throwable gone(Throwable err) {
    return String.valueOf(err.getMessage()).endsWith(" not found")
        ? ApiException.notFound("app")
        : err;
  }

  private static Intent intent(String who, Options options) {
    Intent asked = Intent.syncBy(who, options.prune(), options.force());
    return options.overrideSyncWindow() ? asked.overridingSyncWindow() : asked;
  }

  /**
   * Audits a user's sync (or rollback) once the tenant's sync windows were asked: refused (409)
   * when one is closed and the request does not override it; "requested (sync window overridden)"
   * with the window in the detail when it does.
   */
  private Future<Void> windowChecked(
      RoutingContext ctx, AppId id, String action, boolean override) {
    String target = "app/" + id.name();
    String tenant = id.tenant().value();
    return loop.syncWindowBlock(id)
        .compose(
            closed -> {
              if (closed.isEmpty()) {
                return audit.record(ctx, id, action, "requested");
              }
              JsonObject detail =
                  new JsonObject()
                      .put("syncWindow", closed.get())
                      .put("overrideSyncWindow", override);
              if (!override) {
                return audit
                    .record(ctx, tenant, action, target, "refused", detail)
                    .compose(
                        v ->
                            Future.failedFuture(
                                new ApiException(
                                    409,
                                    closed.get()
                                        + "; send {\"overrideSyncWindow\": true} to sync anyway",
                                    "overrideSyncWindow")));
              }
              return audit.record(
                  ctx, tenant, action, target, "requested (sync window overridden)", detail);
            });
  }
}
