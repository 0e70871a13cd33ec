package io.gitops.gateway.model;

/**
 * The marks the gateway puts on every object it applies. Informers select on the tenant label, so
 * the gateway only ever sees (and only ever prunes) objects that carry them.
 */
public final class Tracking {
  public static final String TENANT_LABEL = "gitops.io/tenant";
  public static final String APP_LABEL = "gitops.io/app";
  public static final String REVISION_ANNOTATION = "gitops.io/revision";
  public static final String FIELD_MANAGER = "gitops-gateway";

  private Tracking() {}
}
