package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.AppBody;
import io.gitops.gateway.api.AppQuery;
import io.gitops.gateway.api.AppService;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * /api/v1/tenants/{tenant}/apps: the tenant self-service routes for applications. Lists are
 * filtered and cursor-paged; creates are idempotent with an Idempotency-Key; updates take If-Match
 * (the ETag, which is the version) or a body {@code version}, and a stale one gets 409.
 */
public final class AppRoutes {
  /** App bodies are small; anything near the global 1 MiB body limit is a mistake. */
  static final int MAX_APP_BODY = 64 * 1024;

  private final Guard guard;
  private final Access access;
  private final AppService apps;

  public AppRoutes(Access access, AppService apps) {
    this.guard = new Guard(access);
    this.access = access;
    this.apps = apps;
  }

  public void mount(Router api) {
    api.get("/tenants").handler(this::listTenants);
    api.get("/tenants/:tenant/apps").handler(this::list);
    api.post("/tenants/:tenant/apps").handler(this::create);
    api.get("/tenants/:tenant/apps/:app").handler(this::get);
    api.put("/tenants/:tenant/apps/:app").handler(this::put);
    api.delete("/tenants/:tenant/apps/:app").handler(this::delete);
    api.get("/tenants/:tenant/apps/:app/resources").handler(this::resources);
    api.get("/tenants/:tenant/apps/:app/diff").handler(this::diff);
    api.post("/tenants/:tenant/apps/:app/refresh").handler(ctx -> refresh(ctx, false));
    api.post("/tenants/:tenant/apps/:app/sync").handler(ctx -> refresh(ctx, true));
  }

  private void listTenants(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (Access.Visible v : access.visibleTenants(BearerAuth.principal(ctx))) {
      out.add(
          new JsonObject()
              .put("name", v.tenant().id().value())
              .put("displayName", v.tenant().displayName())
              .put("role", v.role().name().toLowerCase()));
    }
    ctx.json(new JsonObject().put("items", out));
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    AppQuery query = AppQuery.parse(ctx.request()::getParam, ctx.queryParam("label"));
    apps.page(tenant, query)
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(a -> items.add(json(a)));
              String next =
                  page.more()
                      ? AppQuery.encodeCursor(
                          page.items().get(page.items().size() - 1).app().id().name())
                      : null;
              ctx.json(new JsonObject().put("items", items).put("nextCursor", next));
            })
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    AppBody body = AppBody.parse(jsonBody(ctx), true);
    apps.create(ctx, tenant, body, ctx.request().getHeader("Idempotency-Key"))
        .onSuccess(w -> answer(ctx, w))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.VIEWER));
    apps.get(id)
        .onSuccess(
            app -> {
              ctx.response().putHeader("ETag", etag(app.app().version()));
              ctx.json(json(app));
            })
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.ADMIN));
    AppBody body = AppBody.parse(jsonBody(ctx), false);
    apps.update(ctx, id, body, ifMatch(ctx)).onSuccess(w -> answer(ctx, w)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.ADMIN));
    apps.delete(ctx, id, cascade(ctx.queryParams().get("cascade")))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * {@code ?cascade=foreground|background|orphan}, Argo CD's choice; foreground when absent, as
   * Argo CD.
   */
  static Propagation cascade(String value) {
    if (value == null) {
      return Propagation.FOREGROUND;
    }
    Propagation cascade = Propagation.parse(value);
    if (cascade == null) {
      throw new ApiException(
          400, "cascade must be foreground, background or orphan, got: " + value, "cascade");
    }
    return cascade;
  }

  /** The objects the app manages, each with kind, name, sync status and health. */
  private void resources(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.VIEWER));
    apps.get(id)
        .onSuccess(
            app ->
                ctx.json(
                    new JsonObject()
                        .put(
                            "items",
                            AppJson.statusJson(app.app().status()).getJsonArray("resources"))))
        .onFailure(ctx::fail);
  }

  private void diff(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.VIEWER));
    apps.diff(id)
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  /**
   * No options here: a body that asks for any (a dry run!) is refused rather than ignored, and
   * points at {@code POST …/operations}, which takes them.
   */
  private void refresh(RoutingContext ctx, boolean sync) {
    AppId id = appId(ctx, guard.require(ctx, Role.DEPLOYER));
    JsonObject options = ctx.body() == null || ctx.body().length() == 0 ? null : jsonBody(ctx);
    if (options != null && !options.isEmpty()) {
      String field = options.fieldNames().iterator().next();
      throw new ApiException(
          400,
          (sync ? "sync" : "refresh")
              + " takes no options; send dryRun, prune, force or "
              + "overrideSyncWindow to POST /api/v1/tenants/"
              + id.tenant().value()
              + "/apps/"
              + id.name()
              + "/operations",
          field);
    }
    apps.refresh(ctx, id, sync).onSuccess(app -> ctx.json(json(app))).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, AppService.Written w) {
    ctx.response()
        .setStatusCode(w.created() ? 201 : 200)
        .putHeader("ETag", etag(w.app().app().version()));
    if (w.replayed()) {
      ctx.response().putHeader("Idempotent-Replayed", "true");
    }
    ctx.json(json(w.app()));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    if (ctx.body().length() > MAX_APP_BODY) {
      throw new ApiException(
          413, "an app body may have at most " + MAX_APP_BODY + " bytes", "body");
    }
    if (ctx.body().length() == 0) {
      return null;
    }
    Object value = ctx.body().asJsonObject();
    return (JsonObject) value;
  }

  private static Long ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null) {
      return null;
    }
    String v = header.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "must be an ETag this API returned", "If-Match");
    }
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  private static AppId appId(RoutingContext ctx, TenantId tenant) {
    try {
      return new AppId(tenant, ctx.pathParam("app"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), "app");
    }
  }

  public static JsonObject json(AppStore.Labeled labeled) {
    var app = labeled.app();
    return new JsonObject()
        .put("tenant", app.id().tenant().value())
        .put("name", app.id().name())
        .put("version", app.version())
        .put("labels", new JsonObject(new java.util.LinkedHashMap<>(labeled.labels())))
        .put("spec", AppJson.specJson(app.spec()))
        .put("status", AppJson.statusJson(app.status()));
  }
}
