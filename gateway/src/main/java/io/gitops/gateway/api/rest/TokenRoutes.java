package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.auth.ApiTokens;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.TokenStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * /api/v1/tenants/{tenant}/tokens: API tokens for CI and bots, managed by the tenant's admins. The
 * secret is in the creation answer only; listings show everything else (never the hash). Only
 * people (OIDC callers) create tokens: an admin token cannot make children that survive its
 * revocation.
 */
public final class TokenRoutes {
  private static final Set<String> FIELDS = Set.of("name", "role", "expiresInDays");
  private static final int MAX_DAYS = 366;

  private final Guard guard;
  private final ApiTokens tokens;
  private final TokenStore store;
  private final Audit audit;

  public TokenRoutes(Access access, ApiTokens tokens, TokenStore store, Audit audit) {
    this.guard = new Guard(access);
    this.tokens = tokens;
    this.store = store;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.post("/tenants/:tenant/tokens").handler(this::create);
    api.get("/tenants/:tenant/tokens").handler(this::list);
    api.delete("/tenants/:tenant/tokens/:id").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    if (BearerAuth.principal(ctx).isApiToken()) {
      // A token that mints tokens outlives its own revocation through them: only people (OIDC)
      // mint.
      throw new ApiException(
          403, "an API token cannot create API tokens; a tenant admin signed in through OIDC can");
    }
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new ApiException(
          400, "a JSON object body with name, role and expiresInDays is required");
    }
    body.fieldNames().stream()
        .filter(f -> !FIELDS.contains(f))
        .findFirst()
        .ifPresent(
            f -> {
              throw new ApiException(400, "unknown field (known: expiresInDays, name, role)", f);
            });
    String name = body.getValue("name") instanceof String s ? s.trim() : "";
    if (name.isEmpty() || name.length() > 63) {
      throw new ApiException(400, "name is required (1 to 63 characters)", "name");
    }
    Role role;
    try {
      role = Role.parse(String.valueOf(body.getValue("role")));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), "role");
    }
    Object days = body.getValue("expiresInDays", 30);
    if (!(days instanceof Integer d) || d < 1 || d > MAX_DAYS) {
      throw new ApiException(
          400, "expiresInDays must be a whole number from 1 to " + MAX_DAYS, "expiresInDays");
    }
    Instant expires = Instant.now().plus(Duration.ofDays(d));
    String role0 = role.name().toLowerCase();
    tokens
        .create(tenant, name, role0, expires, BearerAuth.principal(ctx).subject())
        .compose(
            issued ->
                audit
                    .record(
                        ctx,
                        tenant.value(),
                        "token.created",
                        "token/" + issued.token().id(),
                        "success",
                        new JsonObject().put("name", name).put("role", role0))
                    .map(issued))
        .onSuccess(
            issued ->
                ctx.response()
                    .setStatusCode(201)
                    .end(json(issued.token()).put("token", issued.secret()).encode()))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    store
        .list(tenant.value())
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(t -> items.add(json(t)));
              ctx.json(new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    String id = ctx.pathParam("id");
    store
        .revoke(tenant.value(), id)
        .compose(
            found ->
                found
                    ? audit.record(
                        ctx, tenant.value(), "token.revoked", "token/" + id, "success", null)
                    : Future.failedFuture(ApiException.notFound("token " + id)))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static JsonObject json(TokenStore.Token t) {
    return new JsonObject()
        .put("id", t.id())
        .put("tenant", t.tenant())
        .put("name", t.name())
        .put("role", t.role())
        .put("createdBy", t.createdBy())
        .put("createdAt", str(t.createdAt()))
        .put("expiresAt", str(t.expiresAt()))
        .put("revokedAt", str(t.revokedAt()))
        .put("lastUsedAt", str(t.lastUsedAt()))
        .put("lastUsedFrom", t.lastUsedFrom());
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
