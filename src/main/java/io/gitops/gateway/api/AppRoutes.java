package io.gitops.gateway.api;

import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.reconcile.Intent;
import io.gitops.gateway.reconcile.ReconcileLoop;
import io.gitops.gateway.store.AppJson;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /api/v1/tenants/{tenant}/apps: the tenant self-service routes for applications. */
final class AppRoutes {
  private final Guard guard;
  private final Access access;
  private final AppStore store;
  private final ReconcileLoop loop;
  private final Clusters clusters;
  private final Audit audit;

  AppRoutes(Access access, AppStore store, ReconcileLoop loop, Clusters clusters, AuditStore audit) {
    this.guard = new Guard(access);
    this.access = access;
    this.store = store;
    this.loop = loop;
    this.clusters = clusters;
    this.audit = new Audit(audit);
  }

  void mount(Router api) {
    api.get("/tenants").handler(this::listTenants);
    api.get("/tenants/:tenant/apps").handler(this::list);
    api.get("/tenants/:tenant/apps/:app").handler(this::get);
    api.put("/tenants/:tenant/apps/:app").handler(this::put);
    api.delete("/tenants/:tenant/apps/:app").handler(this::delete);
    api.post("/tenants/:tenant/apps/:app/refresh").handler(ctx -> refresh(ctx, false));
    api.post("/tenants/:tenant/apps/:app/sync").handler(ctx -> refresh(ctx, true));
  }

  private void listTenants(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (Access.Visible v : access.visibleTenants(BearerAuth.principal(ctx))) {
      out.add(new JsonObject().put("name", v.tenant().id().value()).put("displayName", v.tenant().displayName())
          .put("role", v.role().name().toLowerCase()));
    }
    ctx.json(new JsonObject().put("items", out));
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    store.list(tenant).onSuccess(apps -> {
      JsonArray items = new JsonArray();
      apps.forEach(a -> items.add(json(a)));
      ctx.json(new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.VIEWER));
    found(store.get(id), id).onSuccess(app -> ctx.json(json(app))).onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.ADMIN));
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new ApiException(400, "a JSON object body with the app spec is required");
    }
    AppSpec spec = AppJson.specFrom(id, body);
    checkAllowed(spec);
    withinQuota(spec).compose(ok -> store.get(id)).compose(existing -> store.upsert(spec).compose(version -> store.get(id)).map(app -> {
      ctx.response().setStatusCode(existing.isEmpty() ? 201 : 200);
      return app.orElseThrow();
    }))
        .compose(app -> audit.record(ctx, id, existing(ctx) ? "app.updated" : "app.created", "success").map(app))
        .onSuccess(app -> {
          loop.upserted(app);
          ctx.json(json(app));
        })
        .onFailure(ctx::fail);
  }

  private static boolean existing(RoutingContext ctx) {
    return ctx.response().getStatusCode() == 200;
  }

  private void delete(RoutingContext ctx) {
    AppId id = appId(ctx, guard.require(ctx, Role.ADMIN));
    store.delete(id)
        .compose(deleted -> deleted ? audit.record(ctx, id, "app.deleted", "success") : Future.failedFuture(ApiException.notFound("app " + id.name())))
        .compose(v -> loop.removed(id))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx, boolean sync) {
    AppId id = appId(ctx, guard.require(ctx, Role.DEPLOYER));
    String who = BearerAuth.principal(ctx).subject();
    found(store.get(id), id)
        .compose(app -> sync ? audit.record(ctx, id, "app.synced", "requested").map(app) : Future.succeededFuture(app))
        .compose(app -> loop.refresh(id, sync ? Intent.syncBy(who) : Intent.OBSERVE))
        .compose(status -> found(store.get(id), id))
        .onSuccess(app -> ctx.json(json(app)))
        .onFailure(ctx::fail);
  }

  private void checkAllowed(AppSpec spec) {
    Tenant tenant = access.tenant(spec.id().tenant()).orElseThrow();
    if (!tenant.allowsSource(spec.source().repoUrl())) {
      throw new ApiException(400, "repository " + spec.source().repoUrl() + " is not among the tenant's sourceRepos", "source.repoURL");
    }
    String cluster = spec.destination().cluster().value();
    if (clusters.get(spec.destination().cluster()).isEmpty()) {
      throw new ApiException(400, "cluster '" + cluster + "' is not registered", "destination.cluster");
    }
    if (!tenant.allowsDestination(cluster, spec.destination().namespace())) {
      throw new ApiException(400, "destination " + cluster + "/" + spec.destination().namespace()
          + " is not among the tenant's destinations", "destination");
    }
  }

  private Future<Void> withinQuota(AppSpec spec) {
    Tenant tenant = access.tenant(spec.id().tenant()).orElseThrow();
    return store.list(spec.id().tenant()).compose(apps -> tenant.quotas().exceededBy(apps.stream().map(App::spec).toList(), spec)
        .map(why -> Future.<Void>failedFuture(new ApiException(409, why, "quotas")))
        .orElseGet(Future::succeededFuture));
  }

  private static AppId appId(RoutingContext ctx, TenantId tenant) {
    try {
      return new AppId(tenant, ctx.pathParam("app"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), "app");
    }
  }

  private static Future<App> found(Future<java.util.Optional<App>> lookup, AppId id) {
    return lookup.compose(o -> o.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(ApiException.notFound("app " + id.name()))));
  }

  static JsonObject json(App app) {
    return new JsonObject()
        .put("tenant", app.id().tenant().value())
        .put("name", app.id().name())
        .put("version", app.version())
        .put("spec", AppJson.specJson(app.spec()))
        .put("status", AppJson.statusJson(app.status()));
  }
}
