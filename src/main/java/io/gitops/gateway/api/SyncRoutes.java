package io.gitops.gateway.api;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.reconcile.Intent;
import io.gitops.gateway.reconcile.ReconcileLoop;
import io.gitops.gateway.store.AppJson;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The sync engine's routes under /tenants/{t}/apps/{a}: the paged history of operations, a sync with
 * options (dry run, prune, force), rollback to an earlier successful revision, and resuming the
 * automated sync a rollback paused.
 */
final class SyncRoutes {
  private static final int MAX_PAGE = 100;

  private final Guard guard;
  private final ReconcileLoop loop;
  private final OperationStore operations;
  private final Audit audit;

  SyncRoutes(Access access, ReconcileLoop loop, AuditStore audit) {
    this.guard = new Guard(access);
    this.loop = loop;
    this.operations = loop.operations();
    this.audit = new Audit(audit);
  }

  void mount(Router api) {
    api.get("/tenants/:tenant/apps/:app/operations").handler(this::history);
    api.get("/tenants/:tenant/apps/:app/operations/:id").handler(this::operation);
    api.post("/tenants/:tenant/apps/:app/operations").handler(this::sync);
    api.post("/tenants/:tenant/apps/:app/rollback").handler(this::rollback);
    api.post("/tenants/:tenant/apps/:app/resume-auto-sync").handler(this::resume);
    api.get("/tenants/:tenant/apps/:app/auto-sync").handler(this::autoSync);
  }

  /** Newest first; {@code ?limit=20&before=ID}; {@code next} is the query for the following page. */
  private void history(RoutingContext ctx) {
    AppId id = existing(ctx, Role.VIEWER);
    int limit = (int) number(ctx, "limit", 20, 1, MAX_PAGE);
    long before = number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    operations.page(id, before, limit).onSuccess(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(r.toJson()));
      String next = rows.size() < limit ? null : "?limit=" + limit + "&before=" + rows.get(rows.size() - 1).id();
      ctx.json(new JsonObject().put("items", items).put("next", next));
    }).onFailure(ctx::fail);
  }

  private void operation(RoutingContext ctx) {
    AppId id = existing(ctx, Role.VIEWER);
    long op = number(ctx.pathParam("id"), "id", 0, 1, Long.MAX_VALUE);
    operations.get(id, op)
        .compose(o -> o.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(ApiException.notFound("operation " + op))))
        .onSuccess(o -> ctx.json(o.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * Body (all optional): {@code dryRun}, {@code prune}, {@code force}, {@code overrideSyncWindow}; a
   * dry run plans and applies nothing. Inside a closed sync window a sync is a 409 naming the window,
   * unless {@code overrideSyncWindow} is true: then it runs, and the audit log says it overrode.
   */
  private void sync(RoutingContext ctx) {
    AppId id = existing(ctx, Role.DEPLOYER);
    JsonObject body = body(ctx, Set.of("dryRun", "prune", "force", "overrideSyncWindow"));
    String who = BearerAuth.principal(ctx).subject();
    boolean override = Boolean.TRUE.equals(flag(body, "overrideSyncWindow"));
    Intent asked = Intent.syncBy(who, flag(body, "prune"), flag(body, "force"));
    Intent intent = override ? asked.overridingSyncWindow() : asked;
    if (Boolean.TRUE.equals(flag(body, "dryRun"))) {
      loop.dryRun(id, intent).onSuccess(dry -> ctx.json(new JsonObject().put("dryRun", true)
          .put("refusal", dry.plan().refusal()).put("plan", new JsonObject(new java.util.LinkedHashMap<>(dry.plan().describe())))
          .put("server", serverAnswers(dry))))
          .onFailure(err -> fail(ctx, err));
      return;
    }
    windowChecked(ctx, id, "app.synced", override)
        .compose(v -> loop.refresh(id, intent))
        .compose(this::withLatestOperation)
        .onSuccess(ctx::json)
        .onFailure(err -> fail(ctx, err));
  }

  /** Body: {@code revision} (a full SHA or a prefix of 7+) of an earlier Succeeded operation. */
  private void rollback(RoutingContext ctx) {
    AppId id = existing(ctx, Role.DEPLOYER);
    JsonObject body = body(ctx, Set.of("revision", "overrideSyncWindow"));
    boolean override = Boolean.TRUE.equals(flag(body, "overrideSyncWindow"));
    Object revision = body.getValue("revision");
    if (!(revision instanceof String rev) || !rev.matches("[0-9a-f]{7,40}")) {
      throw new ApiException(400, "revision must be a commit SHA (7 to 40 hex digits)", "revision");
    }
    String who = BearerAuth.principal(ctx).subject();
    operations.succeededAt(id, rev)
        .compose(o -> o.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(new ApiException(400,
            "no successful sync of this app at revision " + rev + ": rollback goes to a revision it ran before", "revision"))))
        .compose(op -> windowChecked(ctx, id, "app.rolledBack", override).map(op))
        .compose(op -> loop.rollback(id, op.revision(), who, override))
        .compose(this::withLatestOperation)
        .onSuccess(ctx::json)
        .onFailure(err -> fail(ctx, err));
  }

  /** {@code {"errors": 1, "objects": [{"object": "ConfigMap/ns/a", "result": "error", "code": 422, "message": …}]}}. */
  private static JsonObject serverAnswers(io.gitops.gateway.sync.ServerDryRun.Result dry) {
    JsonArray objects = new JsonArray();
    dry.checks().forEach(c -> objects.add(new JsonObject(c.toMap())));
    return new JsonObject().put("errors", dry.errors()).put("objects", objects);
  }

  /**
   * Audits a user's sync (or rollback) once the tenant's sync windows were asked: refused (409) when
   * one is closed and the request does not override it; "requested (sync window overridden)" with
   * the window in the detail when it does.
   */
  private Future<Void> windowChecked(RoutingContext ctx, AppId id, String action, boolean override) {
    String target = "app/" + id.name();
    String tenant = id.tenant().value();
    return loop.syncWindowBlock(id).compose(closed -> {
      if (closed.isEmpty()) {
        return audit.record(ctx, id, action, "requested");
      }
      JsonObject detail = new JsonObject().put("syncWindow", closed.get()).put("overrideSyncWindow", override);
      if (!override) {
        return audit.record(ctx, tenant, action, target, "refused", detail)
            .compose(v -> Future.failedFuture(new ApiException(409, closed.get()
                + "; send {\"overrideSyncWindow\": true} to sync anyway", "overrideSyncWindow")));
      }
      return audit.record(ctx, tenant, action, target, "requested (sync window overridden)", detail);
    });
  }

  private void resume(RoutingContext ctx) {
    AppId id = existing(ctx, Role.DEPLOYER);
    audit.record(ctx, id, "app.autoSyncResumed", "success")
        .compose(v -> loop.resumeAutoSync(id))
        .compose(this::withLatestOperation)
        .onSuccess(ctx::json)
        .onFailure(err -> fail(ctx, err));
  }

  private void autoSync(RoutingContext ctx) {
    AppId id = existing(ctx, Role.VIEWER);
    loop.pauseOf(id).onSuccess(p -> ctx.json(new JsonObject().put("paused", p.isPresent()).put("reason", p.orElse(null))))
        .onFailure(err -> fail(ctx, err));
  }

  private Future<JsonObject> withLatestOperation(AppStatus status) {
    return Future.succeededFuture(new JsonObject().put("status", AppJson.statusJson(status)));
  }

  private AppId existing(RoutingContext ctx, Role role) {
    TenantId tenant = guard.require(ctx, role);
    AppId id;
    try {
      id = new AppId(tenant, ctx.pathParam("app"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), "app");
    }
    if (loop.app(id).isEmpty()) {
      throw ApiException.notFound("app " + id.name());
    }
    return id;
  }

  /** The app was checked a moment ago; one deleted since is a 404, anything else fails as it is. */
  private static void fail(RoutingContext ctx, Throwable err) {
    ctx.fail(String.valueOf(err.getMessage()).endsWith(" not found") ? ApiException.notFound("app") : err);
  }

  private static JsonObject body(RoutingContext ctx, Set<String> known) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return new JsonObject(); // no body: every option at its default
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new ApiException(400, "the body must be a JSON object");
    }
    if (body == null) {
      return new JsonObject();
    }
    for (String field : body.fieldNames()) {
      if (!known.contains(field)) {
        throw new ApiException(400, "unknown field (known: " + String.join(", ", known) + ")", field);
      }
    }
    return body;
  }

  private static Boolean flag(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof Boolean)) {
      throw new ApiException(400, field + " must be true or false", field);
    }
    return (Boolean) v;
  }

  private static long number(RoutingContext ctx, String param, long dflt, long min, long max) {
    return number(ctx.queryParams().get(param), param, dflt, min, max);
  }

  private static long number(String text, String param, long dflt, long min, long max) {
    if (text == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(text);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, param + " must be a whole number from " + min + " to " + max, param);
  }
}
