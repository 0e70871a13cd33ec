package io.gitops.gateway.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Which server host keys a credential trusts: the known_hosts stored with it, or any key when the
 * tenant said {@code insecureIgnoreHostKey}. Never the gateway user's ~/.ssh/known_hosts, and never
 * "accept and remember": a host not listed is refused.
 */
final class SshHostKeys implements ServerKeyDatabase {
  private final List<KnownHostEntry> entries;
  private final boolean acceptAny;

  private SshHostKeys(List<KnownHostEntry> entries, boolean acceptAny) {
    this.entries = entries;
    this.acceptAny = acceptAny;
  }

  static SshHostKeys of(RepoCredential.SshKey key) throws IOException {
    if (key.insecureIgnoreHostKey()) {
      return new SshHostKeys(List.of(), true);
    }
    return key.knownHosts() == null
        ? new SshHostKeys(List.of(), false)
        : fromKnownHosts(key.knownHosts());
  }

  static SshHostKeys fromKnownHosts(String text) throws IOException {
    List<KnownHostEntry> entries = SshKeys.knownHosts(text);
    for (KnownHostEntry e : entries) {
      publicKey(e); // fail now on an unreadable key, not at connect time
    }
    return new SshHostKeys(entries, false);
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry e : matching(connectAddress, remoteAddress)) {
      try {
        keys.add(publicKey(e));
      } catch (IOException ignored) {
        // checked when the credential was stored
      }
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    return acceptAny
        || lookup(connectAddress, remoteAddress, config).stream()
            .anyMatch(k -> KeyUtils.compareKeys(k, serverKey));
  }

  private List<KnownHostEntry> matching(String connectAddress, InetSocketAddress remote) {
    int port = remote == null ? 22 : remote.getPort();
    String host =
        connectAddress.startsWith("[")
            ? connectAddress.substring(1, connectAddress.indexOf(']'))
            : connectAddress;
    return entries.stream()
        .filter(
            e ->
                e.isHostMatch(host, port)
                    || remote != null
                        && remote.getAddress() != null
                        && e.isHostMatch(remote.getAddress().getHostAddress(), port))
        .toList();
  }

  private static PublicKey publicKey(KnownHostEntry e) throws IOException {
    try {
      return e.getKeyEntry()
          .resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.FAILING);
    } catch (GeneralSecurityException | RuntimeException ex) {
      throw new IOException("unreadable host key in known_hosts: " + e.getConfigLine());
    }
  }
}
