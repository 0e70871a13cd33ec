package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The audit log, newest first and paged by id ({@code ?limit=50&before=ID}; the answer's {@code
 * next} is the next page's {@code before}): a tenant's admins read their tenant's rows, operators
 * read everyone's ({@code /audit}, optionally {@code ?tenant=}).
 */
public final class AuditRoutes {
  private static final int MAX_LIMIT = 500;

  private final Guard guard;
  private final AuditStore store;

  public AuditRoutes(Access access, AuditStore store) {
    this.guard = new Guard(access);
    this.store = store;
  }

  public void mount(Router api) {
    api.get("/tenants/:tenant/audit")
        .handler(ctx -> page(ctx, guard.require(ctx, Role.ADMIN).value()));
    api.get("/audit")
        .handler(
            ctx -> {
              guard.requireOperator(ctx);
              String tenant = ctx.queryParams().get("tenant");
              if (tenant != null) {
                try {
                  new TenantId(tenant);
                } catch (IllegalArgumentException e) {
                  throw new ApiException(400, e.getMessage(), "tenant");
                }
              }
              page(ctx, tenant);
            });
  }

  private void page(RoutingContext ctx, String tenant) {
    int limit = number(ctx, "limit", 50, 1, MAX_LIMIT);
    long before = number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    store
        .page(tenant, before, limit)
        .onSuccess(
            rows -> {
              JsonObject out = new JsonObject().put("items", new JsonArray(rows));
              out.put(
                  "next", rows.size() == limit ? rows.get(rows.size() - 1).getLong("id") : null);
              ctx.json(out);
            })
        .onFailure(ctx::fail);
  }

  private static long number(RoutingContext ctx, String name, long fallback, long min, long max) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new ApiException(400, name + " must be a whole number from " + min + " to " + max, name);
  }

  private static int number(RoutingContext ctx, String name, int fallback, int min, int max) {
    return (int) number(ctx, name, (long) fallback, min, (long) max);
  }
}
