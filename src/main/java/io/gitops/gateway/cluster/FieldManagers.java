package io.gitops.gateway.cluster;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.model.Tracking;

/**
 * The server-side-apply field manager each tenant writes with. One name per tenant, so an object's
 * managedFields say which tenant set which field, and one tenant's apply never silently takes over
 * fields another tenant's apply owns (it conflicts, or is forced by that tenant's own choice).
 */
public final class FieldManagers {
  /** The one name every tenant shared before: objects applied then still carry it in managedFields. */
  public static final String LEGACY = Tracking.FIELD_MANAGER;

  private FieldManagers() {}

  public static String of(TenantId tenant) {
    return LEGACY + "-" + tenant.value();
  }
}
