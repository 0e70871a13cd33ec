package io.gitops.gateway.source;

import io.gitops.gateway.model.TenantId;

/**
 * Whether a tenant may use a repository now (its sourceRepos as currently loaded). Asked before
 * every fetch, so a tenant file narrowed since the app was written stops the next fetch.
 */
@FunctionalInterface
public interface SourceRepos {
  SourceRepos ANY = (tenant, url) -> true;

  boolean allows(TenantId tenant, String url);
}
