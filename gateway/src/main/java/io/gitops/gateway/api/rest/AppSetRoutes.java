package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.AppSets;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * /api/v1/tenants/{tenant}/appsets: app sets (a template app plus generators), per tenant. Writing
 * one needs the role that writing apps needs (admin): a set can only make apps its writer could.
 */
public final class AppSetRoutes {
  private final Guard guard;
  private final AppSets sets;
  private final Audit audit;

  public AppSetRoutes(Access access, AppSets sets, Audit audit) {
    this.guard = new Guard(access);
    this.sets = sets;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.get("/tenants/:tenant/appsets").handler(this::list);
    api.get("/tenants/:tenant/appsets/:appset").handler(this::get);
    api.put("/tenants/:tenant/appsets/:appset").handler(this::put);
    api.delete("/tenants/:tenant/appsets/:appset").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    sets.list(tenant)
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    String name = name(ctx, tenant);
    sets.get(tenant, name)
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    ctx::json, () -> ctx.fail(ApiException.notFound("app set " + name))))
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    String name = name(ctx, tenant);
    JsonObject body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    sets.put(tenant, name, body)
        .compose(
            written ->
                audit
                    .record(
                        ctx,
                        tenant.value(),
                        written.created() ? "appset.created" : "appset.updated",
                        "appset/" + name,
                        "success",
                        null)
                    .map(written))
        .compose(
            written ->
                sets.get(tenant, name)
                    .map(found -> found.orElseThrow())
                    .map(
                        json -> {
                          ctx.response().setStatusCode(written.created() ? 201 : 200);
                          return json;
                        }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    String name = name(ctx, tenant);
    String keep = ctx.request().getParam("keepApps");
    if (keep != null && !keep.equals("true") && !keep.equals("false")) {
      throw new ApiException(400, "must be true or false", "keepApps");
    }
    boolean keepApps = "true".equals(keep);
    sets.delete(tenant, name, keepApps)
        .compose(
            deleted ->
                deleted
                    ? audit.record(
                        ctx,
                        tenant.value(),
                        "appset.deleted",
                        "appset/" + name,
                        "success",
                        new JsonObject().put("keepApps", keepApps))
                    : io.vertx.core.Future.failedFuture(ApiException.notFound("app set " + name)))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** A set's name is a DNS label, as an app's is. */
  private static String name(RoutingContext ctx, TenantId tenant) {
    String name = ctx.pathParam("appset");
    try {
      return new AppId(tenant, name).name();
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage().replace("app '", "app set '"), "appset");
    }
  }
}
