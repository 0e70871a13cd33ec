package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.ext.web.RoutingContext;

/**
 * Authorisation for REST routes, on {@link Access}'s word. A caller with no role in a tenant is
 * told the tenant does not exist (404, the same answer as for a tenant that really does not exist),
 * so another tenant's names never leak; a member without enough rights gets 403. Every refusal is
 * reported to {@link Access#denied} for the metrics.
 */
final class Guard {
  private final Access access;

  Guard(Access access) {
    this.access = access;
  }

  TenantId require(RoutingContext ctx, Role needed) {
    TenantId tenant;
    try {
      tenant = new TenantId(ctx.pathParam("tenant"));
    } catch (IllegalArgumentException e) {
      access.denied(null);
      throw ApiException.notFound("tenant");
    }
    Role role = access.roleIn(BearerAuth.principal(ctx), tenant).orElse(null);
    if (role == null) {
      access.denied(tenant);
      throw ApiException.notFound("tenant " + tenant);
    }
    if (!role.includes(needed)) {
      access.denied(tenant);
      throw new ApiException(
          403,
          "role "
              + role.name().toLowerCase()
              + " may not do this; it needs "
              + needed.name().toLowerCase());
    }
    return tenant;
  }

  /** The platform operator role (tenants, clusters, everyone's audit); 403 for anyone else. */
  Principal requireOperator(RoutingContext ctx) {
    Principal p = BearerAuth.principal(ctx);
    if (!access.isOperator(p)) {
      access.denied(null);
      throw new ApiException(403, "this needs the platform operator role");
    }
    return p;
  }
}
