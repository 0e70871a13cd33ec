package io.gitops.gateway.source;

import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Finds the tenant's own credential for a repository URL (exact URL first, then the longest
 * matching prefix). Another tenant's credential is never an answer.
 */
public interface CredentialLookup {
  CredentialLookup NONE = (tenant, url) -> Future.succeededFuture(Optional.empty());

  Future<Optional<RepoCredential>> find(TenantId tenant, String url);
}
