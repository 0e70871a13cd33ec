package io.gitops.gateway.auth;

import io.gitops.gateway.model.TenantId;
import java.util.Set;

/**
 * Who is calling: the token's subject and the groups the issuer put in it. A caller that came with
 * an API token has no groups; its {@code scope} is the one tenant and role the token was made for.
 */
public record Principal(String subject, Set<String> groups, String tokenId, Scope scope) {
  public Principal {
    groups = Set.copyOf(groups);
  }

  /** An OIDC caller. */
  public Principal(String subject, Set<String> groups, String tokenId) {
    this(subject, groups, tokenId, null);
  }

  /** The tenant and role an API token acts with (the role by name: viewer, deployer, admin). */
  public record Scope(TenantId tenant, String role) {}

  public boolean isApiToken() {
    return scope != null;
  }
}
