package io.gitops.gateway.sync.plan;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.KindScopes;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.Tracking;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whose a live object is, and so whether this app's sync may write or delete it. The gateway's
 * tracking labels say which app created an object; one that carries another app's or another
 * tenant's labels, or none (made by someone else), is a shared resource (Argo CD's {@code
 * SharedResourceWarning}): never adopted, overwritten, deleted or pruned. The one exception is
 * opt-in: {@code AdoptUnlabelled=true} takes over an UNLABELLED object in the app's own namespaces
 * ({@code ownNamespace}: the tenant's destinations on the app's cluster). Pure.
 */
public record Ownership(AppId app, boolean adoptUnlabelled, Predicate<String> ownNamespace) {
  public static final String SHARED = "SharedResourceWarning";

  /** True when {@code live} carries exactly this app's tracking labels. */
  public boolean owns(Map<String, Object> live) {
    Map<?, ?> labels = labels(live);
    return app.tenant().value().equals(labels.get(Tracking.TENANT_LABEL))
        && app.name().equals(labels.get(Tracking.APP_LABEL));
  }

  /**
   * Why this app must not write {@code live} (null: absent, ours, or adoptable); names the owner
   * when labelled.
   */
  public String conflict(ResourceKey key, Map<String, Object> live) {
    if (live == null || owns(live)) {
      return null;
    }
    Map<?, ?> labels = labels(live);
    Object tenant = labels.get(Tracking.TENANT_LABEL);
    Object appName = labels.get(Tracking.APP_LABEL);
    if (tenant == null && appName == null) {
      if (adoptUnlabelled && inOwnNamespace(key)) {
        return null;
      }
      return SHARED
          + ": "
          + key
          + " already exists and was not created by this app (no "
          + Tracking.TENANT_LABEL
          + "/"
          + Tracking.APP_LABEL
          + " labels)"
          + (inOwnNamespace(key)
              ? "; sync option AdoptUnlabelled=true takes it over"
              : "; left untouched");
    }
    return SHARED
        + ": "
        + key
        + " belongs to "
        + (app.tenant().value().equals(tenant)
            ? (appName == null
                ? "this tenant but no app (no " + Tracking.APP_LABEL + " label)"
                : "app " + appName + " of this tenant")
            : "another tenant")
        + "; left untouched";
  }

  /**
   * Adoptable place: a namespaced object in one of the app's namespaces, or a Namespace so named.
   */
  private boolean inOwnNamespace(ResourceKey key) {
    if (key.group().isEmpty() && key.kind().equals("Namespace")) {
      return ownNamespace.test(key.name());
    }
    return !KindScopes.isClusterScoped(key.group(), key.kind())
        && !key.namespace().isEmpty()
        && ownNamespace.test(key.namespace());
  }

  private static Map<?, ?> labels(Map<String, Object> o) {
    return o.get("metadata") instanceof Map<?, ?> md && md.get("labels") instanceof Map<?, ?> l
        ? l
        : Map.of();
  }
}
