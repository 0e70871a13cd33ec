package io.gitops.gateway.tenancy;

import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.TenantId;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what a caller may do in a tenant. Members of the operator group act
 * as admin everywhere; everyone else gets the highest role their groups map to in that tenant.
 */
public final class Access {
  private volatile Map<TenantId, Tenant> tenants;
  private final String operatorGroup;

  public Access(Map<TenantId, Tenant> tenants, String operatorGroup) {
    this.tenants = Map.copyOf(tenants);
    this.operatorGroup = operatorGroup;
  }

  public Optional<Tenant> tenant(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  public Map<TenantId, Tenant> tenants() {
    return tenants;
  }

  public void replace(Map<TenantId, Tenant> next) {
    tenants = Map.copyOf(next);
  }

  public boolean isOperator(Principal p) {
    return p.groups().contains(operatorGroup);
  }

  /** The caller's role in the tenant; empty for a tenant it has no part in (or that does not exist). */
  public Optional<Role> roleIn(Principal p, TenantId tenant) {
    Tenant t = tenants.get(tenant);
    if (t == null) {
      return Optional.empty();
    }
    if (isOperator(p)) {
      return Optional.of(Role.ADMIN);
    }
    Role best = null;
    for (String group : p.groups()) {
      Role r = t.groupRoles().get(group);
      if (r != null && (best == null || r.includes(best))) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }
}
