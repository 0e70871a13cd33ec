package io.gitops.gateway.tenancy.archviolation;

import io.gitops.gateway.store.TenantStore;

/**
 * Deliberate violation (test only): permission code holding the SQL store instead of its interface.
 */
public final class TenancyKnowsSql {
  public TenantStore store;
}
