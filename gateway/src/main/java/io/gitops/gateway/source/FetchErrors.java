package io.gitops.gateway.source;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns JGit's transport failures into a reason a tenant admin can act on (shown in app status):
 * which credential was refused, or that one is missing. Never quotes a secret: the messages come
 * from JGit, which never holds the key text, and URLs are redacted.
 */
final class FetchErrors {
  private FetchErrors() {}

  /**
   * One message for every way a connection can fail, so that status never tells which ports answer.
   */
  static final String UNREACHABLE =
      "cannot connect to the repository's host (refused, timed out, no route or unknown"
          + " host; the gateway's log has the detail)";

  static String explain(Exception e, Optional<RepoCredential> credential) {
    if (unreachable(e)) {
      return UNREACHABLE;
    }
    String raw = RepoUrls.redact(causes(e));
    String text = raw.toLowerCase(Locale.ROOT);
    boolean ssh = credential.isPresent() && credential.get() instanceof RepoCredential.SshKey;
    if (ssh
        && (text.contains("server key")
            || text.contains("host key")
            || text.contains("known_hosts"))) {
      return "the SSH server's host key is not trusted by the stored credential (unknown hosts are refused: add the host's"
          + " line to sshKnownHosts, or set insecureIgnoreHostKey): "
          + raw;
    }
    boolean authFailed =
        text.contains("auth")
            || text.contains("not authorized")
            || text.contains("cannot log in")
            || text.contains("permission denied");
    if (!authFailed) {
      return raw;
    }
    if (credential.isEmpty()) {
      return "authentication required: this tenant has no repository credential for this URL: "
          + raw;
    }
    if (ssh) {
      return "authentication failed: the SSH server rejected the stored SSH key (user "
          + ((RepoCredential.SshKey) credential.get()).username()
          + "): "
          + raw;
    }
    return "authentication failed: the server rejected the stored credential (user "
        + ((RepoCredential.Https) credential.get()).username()
        + "): "
        + raw;
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.net.ConnectException
          || c instanceof java.net.NoRouteToHostException
          || c instanceof java.net.SocketTimeoutException
          || c instanceof java.net.UnknownHostException
          || c instanceof java.net.PortUnreachableException) {
        return true;
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("connection refused")
          || m.contains("connect timed out")
          || m.contains("no route to host")
          || m.contains("unknownhost")
          || m.contains("unknown host")
          || m.contains("connection reset")) {
        return true;
      }
    }
    return false;
  }

  private static String causes(Throwable e) {
    StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !out.toString().contains(c.getMessage())) {
        out.append(": ").append(c.getMessage());
      }
    }
    return out.toString();
  }
}
