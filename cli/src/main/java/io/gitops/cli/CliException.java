package io.gitops.cli;

/**
 * A failure the user sees as one line on stderr ({@code error: …}) and an {@link Exit} code; never
 * a stack trace.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static CliException usage(String message) {
    return new CliException(Exit.USAGE, message);
  }

  public static CliException auth(String message) {
    return new CliException(Exit.AUTH, message);
  }
}
