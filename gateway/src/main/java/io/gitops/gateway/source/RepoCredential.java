package io.gitops.gateway.source;

/**
 * How to authenticate to a repository. Secrets never appear in {@link #toString()}, so a credential
 * that ends up in a log line or an exception shows only its kind and user.
 */
public sealed interface RepoCredential {
  String kind();

  /**
   * HTTPS basic authentication; for GitHub/GitLab tokens the username is any non-empty name. For
   * Helm chart repositories and OCI registries also the TLS options: {@code caData} (PEM, the only
   * trust anchor when given) or {@code insecureSkipTlsVerify}.
   */
  record Https(String username, String password, String caData, boolean insecureSkipTlsVerify)
      implements RepoCredential {
    public Https(String username, String password) {
      this(username, password, null, false);
    }

    @Override
    public String kind() {
      return "https";
    }

    @Override
    public String toString() {
      return "Https[username="
          + username
          + ", password=***, caData="
          + (caData != null)
          + ", insecureSkipTlsVerify="
          + insecureSkipTlsVerify
          + "]";
    }
  }

  /**
   * An SSH private key in OpenSSH or PEM form, with an optional passphrase. The server's host key
   * is checked against {@code knownHosts} (known_hosts lines); with none, unknown hosts are refused
   * unless {@code insecureIgnoreHostKey} says to accept any host key.
   */
  record SshKey(
      String username,
      String privateKey,
      String passphrase,
      String knownHosts,
      boolean insecureIgnoreHostKey)
      implements RepoCredential {
    @Override
    public String kind() {
      return "ssh";
    }

    @Override
    public String toString() {
      return "SshKey[username="
          + username
          + ", privateKey=***, knownHosts="
          + (knownHosts != null)
          + ", insecureIgnoreHostKey="
          + insecureIgnoreHostKey
          + "]";
    }
  }
}
