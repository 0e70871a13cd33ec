package io.gitops.gateway.source;

import io.vertx.core.Future;
import java.util.Optional;

/** Finds the credential for a repository URL (exact URL first, then the longest matching prefix). */
public interface CredentialLookup {
  CredentialLookup NONE = url -> Future.succeededFuture(Optional.empty());

  Future<Optional<RepoCredential>> find(String url);
}
