package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.api.SyncActions;
import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.reconcile.AppControl;
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
 * The sync engine's routes under /tenants/{t}/apps/{a}: the paged history of operations, a sync
 * with options (dry run, prune, force), rollback to an earlier successful revision, and resuming
 * the automated sync a rollback paused.
 */
public final class SyncRoutes {
  private static final int MAX_PAGE = 100;

  private final Guard guard;
  private final AppControl loop;
  private final OperationStore operations;
  private final SyncActions actions;

  public SyncRoutes(Access access, AppControl loop, AuditStore audit) {
    this.guard = new Guard(access);
    this.loop = loop;
    this.operations = loop.operations();
    this.actions = new SyncActions(loop, audit);
  }

  public void mount(Router api) {
    api.get("/tenants/:tenant/apps/:app/operations").handler(this::history);
    api.get("/tenants/:tenant/apps/:app/operations/:id").handler(this::operation);
    api.post("/tenants/:tenant/apps/:app/operations").handler(this::sync);
    api.post("/tenants/:tenant/apps/:app/rollback").handler(this::rollback);
    api.post("/tenants/:tenant/apps/:app/resume-auto-sync").handler(this::resume);
    api.get("/tenants/:tenant/apps/:app/auto-sync").handler(this::autoSync);
  }

  /**
   * Newest first; {@code ?limit=20&before=ID}; {@code next} is the query for the following page.
   */
  private void history(RoutingContext ctx) {
    AppId id = existing(ctx, Role.VIEWER);
    int limit = (int) number(ctx, "limit", 20, 1, MAX_PAGE);
    long before = number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    actions
        .history(id, before, limit)
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(r.toJson()));
              String next =
                  rows.size() < limit
                      ? null
                      : "?limit=" + limit + "&before=" + rows.get(rows.size() - 1).id();
              ctx.json(new JsonObject().put("items", items).put("next", next));
            })
        .onFailure(ctx::fail);
  }

  private void operation(RoutingContext ctx) {
    AppId id = existing(ctx, Role.VIEWER);
    long op = number(ctx.pathParam("id"), "id", 0, 1, Long.MAX_VALUE);
    operations
        .get(id, op)
        .compose(
            o ->
                o.map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(ApiException.notFound("operation " + op))))
        .onSuccess(o -> ctx.json(o.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * Body (all optional): {@code dryRun}, {@code prune}, {@code force}, {@code overrideSyncWindow};
   * a dry run plans and applies nothing. Inside a closed sync window a sync is a 409 naming the
   * window, unless {@code overrideSyncWindow} is true: then it runs, and the audit log says it
   * overrode.
   */
  private void sync(RoutingContext ctx) {
    AppId id = existing(ctx, Role.DEPLOYER);
    JsonObject body = body(ctx, Set.of("dryRun", "prune", "force", "overrideSyncWindow"));
    String who = BearerAuth.principal(ctx).subject();
    SyncActions.Options options =
        new SyncActions.Options(
            Boolean.TRUE.equals(flag(body, "dryRun")),
            flag(body, "prune"),
            flag(body, "force"),
            Boolean.TRUE.equals(flag(body, "overrideSyncWindow")));
    Future<JsonObject> answer =
        options.dryRun()
            ? actions.dryRun(id, who, options)
            : actions.sync(ctx, id, who, options).compose(this::withLatestOperation);
    answer.onSuccess(ctx::json).onFailure(err -> fail(ctx, err));
  }

  /** Body: {@code revision} (a full SHA or a prefix of 7+) of an earlier Succeeded operation. */
  private void rollback(RoutingContext ctx) {
    AppId id = existing(ctx, Role.DEPLOYER);
    JsonObject body = body(ctx, Set.of("revision", "overrideSyncWindow"));
    boolean override = Boolean.TRUE.equals(flag(body, "overrideSyncWindow"));
    actions
        .rollback(ctx, id, BearerAuth.principal(ctx).subject(), body.getValue("revision"), override)
        .compose(this::withLatestOperation)
        .onSuccess(ctx::json)
        .onFailure(err -> fail(ctx, err));
  }

  private void resume(RoutingContext ctx) {
    AppId id = existing(ctx, Role.DEPLOYER);
    actions
        .resume(ctx, id)
        .compose(this::withLatestOperation)
        .onSuccess(ctx::json)
        .onFailure(err -> fail(ctx, err));
  }

  private void autoSync(RoutingContext ctx) {
    AppId id = existing(ctx, Role.VIEWER);
    loop.pauseOf(id)
        .onSuccess(
            p ->
                ctx.json(
                    new JsonObject().put("paused", p.isPresent()).put("reason", p.orElse(null))))
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
    return actions.existing(id);
  }

  /** The app was checked a moment ago; one deleted since is a 404, anything else fails as it is. */
  private static void fail(RoutingContext ctx, Throwable err) {
    ctx.fail(SyncActions.gone(err));
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
        throw new ApiException(
            400, "unknown field (known: " + String.join(", ", known) + ")", field);
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
    throw new ApiException(
        400, param + " must be a whole number from " + min + " to " + max, param);
  }
}
