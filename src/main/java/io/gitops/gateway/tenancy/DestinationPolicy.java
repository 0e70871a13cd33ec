package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure: the tenant's rules applied to every rendered object of a sync. An app's destination was
 * checked when it was registered, but what Git renders can name any namespace or kind, so each
 * object is checked again right before a sync; any violation fails the whole sync.
 */
public final class DestinationPolicy {
  private DestinationPolicy() {}

  /** One message per object that breaks a rule; empty when the sync may go ahead. */
  public static List<String> check(Tenant tenant, String cluster, List<Map<String, Object>> objects) {
    List<String> violations = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      ResourceKey key = ResourceKey.of(object);
      if (tenant.kinds().denies(key.group(), key.kind())) {
        String gk = key.group().isEmpty() ? key.kind() : key.group() + "/" + key.kind();
        violations.add(key + ": kind " + gk + " is denied for tenant " + tenant.id());
      } else if (!key.namespace().isEmpty() && !tenant.allowsDestination(cluster, key.namespace())) {
        violations.add(key + ": namespace " + key.namespace() + " on cluster " + cluster
            + " is outside tenant " + tenant.id() + "'s destinations");
      }
    }
    return violations;
  }
}
