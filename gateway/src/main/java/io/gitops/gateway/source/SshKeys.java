package io.gitops.gateway.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads a stored SSH key and known_hosts text in memory: the key never touches a file. Errors say
 * what is wrong without quoting the key. Parsing an encrypted OpenSSH key runs bcrypt: call from a
 * worker thread.
 */
public final class SshKeys {
  private static final NamedResource STORED = NamedResource.ofName("stored SSH key");

  private SshKeys() {}

  /** The key pairs in {@code privateKey}; fails with a message fit for a user (no key material). */
  static List<KeyPair> keyPairs(String privateKey, String passphrase) throws IOException {
    try {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null,
              STORED,
              new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)),
              passphrase == null
                  ? FilePasswordProvider.EMPTY
                  : FilePasswordProvider.of(passphrase));
      List<KeyPair> out = new ArrayList<>();
      if (pairs != null) {
        pairs.forEach(out::add);
      }
      if (out.isEmpty()) {
        throw new IOException("the SSH private key holds no key");
      }
      return out;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(
          passphrase == null
              ? "the SSH private key cannot be read (is it encrypted? then give its passphrase)"
              : "the SSH private key cannot be read with the given passphrase");
    } catch (IOException e) {
      throw new IOException(
          "the SSH private key cannot be read"
              + (passphrase == null
                  ? " (is it encrypted? then give its passphrase)"
                  : " (wrong passphrase?)"));
    }
  }

  /**
   * The entries of known_hosts text ({@code host[,host] keytype base64} lines, hashed hosts
   * allowed).
   */
  static List<KnownHostEntry> knownHosts(String text) throws IOException {
    List<KnownHostEntry> entries =
        KnownHostEntry.readKnownHostEntries(new StringReader(text), true);
    if (entries == null || entries.isEmpty()) {
      throw new IOException("known_hosts holds no host key line");
    }
    for (KnownHostEntry e : entries) {
      if (e.getKeyEntry() == null) {
        throw new IOException("known_hosts line without a key: " + e.getConfigLine());
      }
    }
    return entries;
  }

  /**
   * Checks a credential before it is stored, so that a bad key or known_hosts is a 400 now rather
   * than a failing fetch later. Returns the problem in words, or null when it is usable.
   */
  public static String problem(RepoCredential.SshKey key) {
    try {
      keyPairs(key.privateKey(), key.passphrase());
    } catch (IOException e) {
      return e.getMessage();
    }
    if (key.knownHosts() != null) {
      try {
        SshHostKeys.fromKnownHosts(key.knownHosts());
      } catch (IOException | RuntimeException e) {
        return "sshKnownHosts cannot be read: " + e.getMessage();
      }
    }
    return null;
  }
}
