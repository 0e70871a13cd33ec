package io.gitops.gateway.auth;

/**
 * A token that is missing, malformed, expired, or not for us. Always a 401, never a 500. The {@code
 * reason} is a short fixed word (for the metric); the message is for the caller.
 */
public class AuthenticationException extends RuntimeException {
  private final String reason;

  public AuthenticationException(String message) {
    this("invalid", message);
  }

  public AuthenticationException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
