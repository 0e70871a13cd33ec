package io.gitops.gateway.api;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.ext.web.RoutingContext;

/**
 * Authorisation for tenant routes. A caller with no role in a tenant is told the tenant does not
 * exist (404), so another tenant's names never leak; a member without enough rights gets 403.
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
      throw ApiException.notFound("tenant");
    }
    Role role = access.roleIn(BearerAuth.principal(ctx), tenant).orElseThrow(() -> ApiException.notFound("tenant " + tenant));
    if (!role.includes(needed)) {
      throw new ApiException(403, "role " + role.name().toLowerCase() + " may not do this; it needs " + needed.name().toLowerCase());
    }
    return tenant;
  }
}
