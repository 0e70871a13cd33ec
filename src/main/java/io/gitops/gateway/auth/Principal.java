package io.gitops.gateway.auth;

import java.util.Set;

/** Who is calling: the token's subject and the groups the issuer put in it. */
public record Principal(String subject, Set<String> groups, String tokenId) {
  public Principal {
    groups = Set.copyOf(groups);
  }
}
