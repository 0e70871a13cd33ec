package io.gitops.gateway.api.feed;

import io.gitops.gateway.auth.Principal;
import io.vertx.core.Future;

/**
 * Turns a bearer token (OIDC JWT or API token) into a principal; {@code from} is the client address
 * for audit.
 */
@FunctionalInterface
public interface Authenticator {
  Future<Principal> authenticate(String token, String from);
}
