package io.gitops.gateway.cluster;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.model.Tracking;

/**
 * The server-side-apply field manager each tenant writes with. One name per tenant, so an object's
 * managedFields say which tenant set which field, and one tenant's apply never silently takes over
 * fields another tenant's apply owns (it conflicts, or is forced by that tenant's own choice).
 */
public final class FieldManagers {
  /**
   * The one name every tenant shared before: objects applied then still carry it in managedFields.
   */
  public static final String LEGACY = Tracking.FIELD_MANAGER;

  private FieldManagers() {}

  public static String of(TenantId tenant) {
    return LEGACY + "-" + tenant.value();
  }

  /**
   * True when a refused apply (409) conflicts with nobody but {@link #LEGACY}: an object the
   * gateway applied before managers were per tenant. Its fields are the gateway's own, so the apply
   * may take them over; a conflict with any other manager is reported as before.
   */
  static boolean onlyLegacyConflicts(io.fabric8.kubernetes.client.KubernetesClientException e) {
    if (e.getCode() != 409
        || e.getStatus() == null
        || e.getStatus().getDetails() == null
        || e.getStatus().getDetails().getCauses() == null
        || e.getStatus().getDetails().getCauses().isEmpty()) {
      return false;
    }
    String legacy = "conflict with \"" + LEGACY + "\"";
    return e.getStatus().getDetails().getCauses().stream()
        .allMatch(c -> c.getMessage() != null && c.getMessage().startsWith(legacy));
  }
}
