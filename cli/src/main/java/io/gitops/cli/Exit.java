package io.gitops.cli;

/**
 * The exit codes a script can rely on (docs/cli.md lists them). Every path out of the CLI ends in
 * one of these; a new failure picks the closest, never a new number without updating the docs.
 */
public final class Exit {
  /** Done; for {@code app wait}, the condition was met. */
  public static final int OK = 0;

  /**
   * A failed condition: the app is Degraded or its sync failed, {@code app diff} found drift, the
   * gateway refused the operation (409) or failed (5xx).
   */
  public static final int FAILED = 1;

  /** Bad usage: an unknown option, a bad value, a bad config file, a 400 from the gateway. */
  public static final int USAGE = 2;

  /** No credentials, or the gateway or issuer refused them (401, 403, an expired token). */
  public static final int AUTH = 3;

  /** The app, tenant, token or context does not exist (404) or was deleted while waiting. */
  public static final int NOT_FOUND = 4;

  /** {@code --timeout} passed before the condition was met. */
  public static final int TIMEOUT = 5;

  /** The gateway (or issuer) could not be reached: connection refused, DNS, TLS. */
  public static final int UNREACHABLE = 6;

  private Exit() {}
}
