package io.gitops.gateway.api.feed;

import io.gitops.gateway.model.TenantId;
import java.util.Set;

/**
 * Which apps a subscriber gets: only tenants its token may see (decided once, at subscribe time,
 * from {@code Access.roleIn}), narrowed by the optional tenant, app and cluster filter.
 */
public record FeedScope(Set<TenantId> visible, String tenant, String app, String cluster) {
  public FeedScope {
    visible = Set.copyOf(visible);
  }

  public boolean matches(AppView view) {
    return visible.contains(view.id().tenant())
        && (tenant == null || tenant.equals(view.id().tenant().value()))
        && (app == null || app.equals(view.id().name()))
        && (cluster == null || cluster.equals(view.cluster()));
  }
}
