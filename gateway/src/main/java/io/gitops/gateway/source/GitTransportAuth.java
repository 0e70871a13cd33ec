package io.gitops.gateway.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How one fetch authenticates: HTTPS with the stored user and token; SSH with only the stored key
 * (from memory: no key file, no agent, no ~/.ssh config, keys or known_hosts of the gateway's own
 * user) and only the host keys stored with it. Without a stored key an SSH fetch is refused, so a
 * tenant never fetches with whatever identity the gateway's machine happens to have.
 */
final class GitTransportAuth implements TransportConfigCallback, AutoCloseable {
  private final Optional<RepoCredential> credential;
  private final Path nowhere;
  private SshdSessionFactory ssh;
  private IOException sshProblem;

  /**
   * {@code nowhere}: a folder that need not exist, given to JGit as the SSH "home" so it reads
   * nothing real.
   */
  GitTransportAuth(Optional<RepoCredential> credential, Path nowhere) {
    this.credential = credential;
    this.nowhere = nowhere;
  }

  @Override
  public void configure(Transport transport) {
    if (credential.isPresent() && credential.get() instanceof RepoCredential.Https https) {
      transport.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(https.username(), https.password()));
    }
    if (transport instanceof SshTransport sshTransport) {
      sshTransport.setSshSessionFactory(sessionFactory());
    }
  }

  /** Fails the fetch (before any connection) when SSH is asked for but cannot be used. */
  void check(String url) throws IOException {
    if (!isSsh(url)) {
      return;
    }
    if (credential.isEmpty() || !(credential.get() instanceof RepoCredential.SshKey)) {
      throw new IOException(
          "no SSH key stored for this repository: an SSH URL needs a repository credential with sshPrivateKey");
    }
    sessionFactory();
    if (sshProblem != null) {
      throw sshProblem;
    }
  }

  private synchronized SshdSessionFactory sessionFactory() {
    if (ssh == null && sshProblem == null) {
      try {
        ssh = build((RepoCredential.SshKey) credential.orElseThrow());
      } catch (IOException e) {
        sshProblem = e;
      }
    }
    return ssh;
  }

  private SshdSessionFactory build(RepoCredential.SshKey key) throws IOException {
    List<KeyPair> pairs = SshKeys.keyPairs(key.privateKey(), key.passphrase());
    SshHostKeys hostKeys = SshHostKeys.of(key);
    File home = nowhere.toFile();
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(home)
        .setSshDirectory(new File(home, ".ssh"))
        .setPreferredAuthentications("publickey")
        .setConfigStoreFactory((h, f, localUser) -> new UserOnly(key.username()))
        .setDefaultIdentities(dir -> List.of())
        .setDefaultKeysProvider(dir -> pairs)
        .setDefaultKnownHostsFiles(dir -> List.of())
        .setServerKeyDatabase((h, s) -> hostKeys)
        .build(null);
  }

  static boolean isSsh(String url) {
    String u = url.trim().toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("ssh://")
        || u.startsWith("git+ssh://")
        || u.startsWith("ssh+git://")
        || !u.contains("://") && u.matches("^([^@/]+@)?[^:/]+:(?!//).+");
  }

  @Override
  public synchronized void close() {
    if (ssh != null) {
      ssh.close();
    }
  }

  /** An SSH config that only names the user (when the URL does not): nothing read from disk. */
  private record UserOnly(String user) implements SshConfigStore {
    @Override
    public HostConfig lookup(String hostName, int port, String userName) {
      return lookupDefault(hostName, port, userName);
    }

    @Override
    public HostConfig lookupDefault(String hostName, int port, String userName) {
      Map<String, String> options =
          user == null || user.isBlank() ? Map.of() : Map.of("User", user);
      return new HostConfig() {
        @Override
        public String getValue(String key) {
          return options.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase(key))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
        }

        @Override
        public List<String> getValues(String key) {
          String v = getValue(key);
          return v == null ? List.of() : List.of(v);
        }

        @Override
        public Map<String, String> getOptions() {
          return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
          return Map.of();
        }
      };
    }
  }
}
