package io.gitops.gateway.tenancy;

import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one place that decides what a caller may do in a tenant; REST, GraphQL and the WebSocket feed
 * all ask it. Members of the operator group act as admin everywhere; an API token acts with its one
 * tenant and role; everyone else gets the highest role their groups map to in a tenant. A tenant a
 * caller has no role in must look to it as if it did not exist.
 */
public final class Access {
  private volatile Map<TenantId, Tenant> tenants;
  private final String operatorGroup;
  private volatile Consumer<String> denials = tenant -> {};

  public Access(Map<TenantId, Tenant> tenants, String operatorGroup) {
    this.tenants = Map.copyOf(tenants);
    this.operatorGroup = operatorGroup;
  }

  /** A tenant the caller can see and its role there. */
  public record Visible(Tenant tenant, Role role) {}

  public Optional<Tenant> tenant(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  public Map<TenantId, Tenant> tenants() {
    return tenants;
  }

  public void replace(Map<TenantId, Tenant> next) {
    tenants = Map.copyOf(next);
  }

  /** The platform operator role: clusters, tenants and every tenant's data. Never an API token. */
  public boolean isOperator(Principal p) {
    return !p.isApiToken() && p.groups().contains(operatorGroup);
  }

  /**
   * The caller's role in the tenant; empty for a tenant it has no part in (or that does not exist).
   */
  public Optional<Role> roleIn(Principal p, TenantId tenant) {
    Tenant t = tenants.get(tenant);
    if (t == null) {
      return Optional.empty();
    }
    if (p.isApiToken()) {
      return p.scope().tenant().equals(tenant)
          ? Optional.of(Role.parse(p.scope().role()))
          : Optional.empty();
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

  /** True if the caller has at least {@code needed} in the tenant. */
  public boolean can(Principal p, TenantId tenant, Role needed) {
    return roleIn(p, tenant).map(r -> r.includes(needed)).orElse(false);
  }

  /**
   * Every tenant the caller has a role in, with that role: filter lists and subscriptions with it.
   */
  public List<Visible> visibleTenants(Principal p) {
    List<Visible> out = new ArrayList<>();
    tenants.values().stream()
        .sorted((a, b) -> a.id().value().compareTo(b.id().value()))
        .forEach(t -> roleIn(p, t.id()).ifPresent(r -> out.add(new Visible(t, r))));
    return out;
  }

  /** Who hears of refused requests (the metrics): called with the tenant, or "unknown". */
  public void onDenial(Consumer<String> listener) {
    denials = listener;
  }

  /**
   * Callers that refuse a request on this class's word report it here, so denials are counted by
   * tenant in one place; a tenant name that does not exist is counted as "unknown" (bounded tags).
   */
  public void denied(TenantId tenant) {
    denials.accept(tenant != null && tenants.containsKey(tenant) ? tenant.value() : "unknown");
  }

  /**
   * The tenant rules broken by the app's source and the objects it is about to apply; empty when it
   * may sync.
   */
  public List<String> syncViolations(AppSpec spec, List<Map<String, Object>> objects) {
    Tenant t = tenants.get(spec.id().tenant());
    if (t == null) {
      return List.of("tenant " + spec.id().tenant() + " no longer exists");
    }
    return DestinationPolicy.check(t, spec, objects);
  }
}
