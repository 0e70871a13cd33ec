package io.gitops.gateway.auth;

/** A token that is missing, malformed, expired, or not for us. Always a 401, never a 500. */
public class AuthenticationException extends RuntimeException {
  public AuthenticationException(String reason) {
    super(reason);
  }
}
