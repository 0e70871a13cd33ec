package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.InvalidTenantException;
import io.gitops.gateway.tenancy.Tenant;
import io.gitops.gateway.tenancy.TenantRegistry;
import io.gitops.gateway.tenancy.TenantSchema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * /api/v1/admin/tenants: the operator's tenant administration. The body is a tenant definition in
 * the tenant files' shape and schema. A tenant defined by a file is read-only here (409): the file
 * wins, so what is in Git or on disk is what is in force.
 */
public final class TenantRoutes {
  private final Guard guard;
  private final Access access;
  private final TenantRegistry registry;
  private final Audit audit;

  public TenantRoutes(Access access, TenantRegistry registry, Audit audit) {
    this.guard = new Guard(access);
    this.access = access;
    this.registry = registry;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.get("/admin/tenants").handler(this::list);
    api.get("/admin/tenants/:tenant").handler(this::get);
    api.put("/admin/tenants/:tenant").handler(this::put);
    api.delete("/admin/tenants/:tenant").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    guard.requireOperator(ctx);
    JsonArray items = new JsonArray();
    access.tenants().values().stream()
        .sorted((a, b) -> a.id().value().compareTo(b.id().value()))
        .forEach(t -> items.add(json(t)));
    ctx.json(new JsonObject().put("items", items));
  }

  private void get(RoutingContext ctx) {
    guard.requireOperator(ctx);
    ctx.json(json(access.tenant(id(ctx)).orElseThrow(() -> ApiException.notFound("tenant"))));
  }

  private void put(RoutingContext ctx) {
    guard.requireOperator(ctx);
    TenantId id = id(ctx);
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new ApiException(400, "a JSON object body with the tenant definition is required");
    }
    if (body.getValue("name") == null) {
      body.put("name", id.value());
    } else if (!id.value().equals(body.getValue("name"))) {
      throw new ApiException(400, "must match the tenant in the path", "name");
    }
    Tenant tenant;
    try {
      tenant = TenantRegistry.read(body);
    } catch (InvalidTenantException e) {
      throw new ApiException(400, e.getMessage(), e.field());
    }
    registry
        .putApi(tenant)
        .recover(TenantRoutes::conflict)
        .compose(
            created ->
                audit
                    .record(
                        ctx,
                        id.value(),
                        created ? "tenant.created" : "tenant.changed",
                        "tenant/" + id,
                        "success",
                        null)
                    .map(created))
        .onSuccess(
            created -> {
              ctx.response().setStatusCode(created ? 201 : 200);
              ctx.json(json(tenant));
            })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    guard.requireOperator(ctx);
    TenantId id = id(ctx);
    registry
        .deleteApi(id)
        .recover(TenantRoutes::conflict)
        .compose(
            deleted ->
                deleted
                    ? audit.record(
                        ctx, id.value(), "tenant.deleted", "tenant/" + id, "success", null)
                    : Future.failedFuture(ApiException.notFound("tenant " + id)))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static <T> Future<T> conflict(Throwable err) {
    return Future.failedFuture(
        err instanceof TenantRegistry.FileWinsException
            ? new ApiException(409, err.getMessage(), "name")
            : err);
  }

  private JsonObject json(Tenant t) {
    String source = registry.sourceOf(t.id()).map(s -> s.name().toLowerCase()).orElse("file");
    return new JsonObject(TenantSchema.write(t)).put("source", source);
  }

  private static TenantId id(RoutingContext ctx) {
    try {
      return new TenantId(ctx.pathParam("tenant"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), "tenant");
    }
  }
}
