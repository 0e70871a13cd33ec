package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.KindScopes;
import java.util.List;

/**
 * Which resource kinds a tenant's apps may hold. Cluster-scoped kinds (Namespace, ClusterRole,
 * CustomResourceDefinition, ...) reach beyond a tenant's namespaces, so they are denied unless the
 * tenant file allows them; {@code deny} adds kinds, and a deny always beats an allow. A pattern is
 * {@code Kind} (any group) or {@code group/Kind} (core group: {@code /Kind}), globs allowed.
 */
public record KindRules(List<String> allow, List<String> deny) {
  public static final KindRules DEFAULT = new KindRules(List.of(), List.of());

  public KindRules {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  public boolean denies(String group, String kind) {
    String g = group == null ? "" : group;
    if (deny.stream().anyMatch(p -> matches(p, g, kind))) {
      return true;
    }
    return KindScopes.isClusterScoped(g, kind)
        && allow.stream().noneMatch(p -> matches(p, g, kind));
  }

  static boolean matches(String pattern, String group, String kind) {
    int slash = pattern.lastIndexOf('/');
    if (slash < 0) {
      return Tenant.Globs.matches(pattern, kind);
    }
    return Tenant.Globs.matches(pattern.substring(0, slash), group)
        && Tenant.Globs.matches(pattern.substring(slash + 1), kind);
  }
}
