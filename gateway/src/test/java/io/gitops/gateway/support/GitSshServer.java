package io.gitops.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH Git server (Apache MINA sshd, read-only: JGit's UploadPack behind {@code
 * git-upload-pack}) that accepts one user with one public key and nothing else: for testing SSH
 * repository credentials. sshd-git is not published for the sshd version JGit brings, and the
 * command it would add is these few lines.
 */
public final class GitSshServer implements AutoCloseable {
  private final SshServer sshd;
  private final Repository repo;
  private final KeyPair hostKey;

  private GitSshServer(SshServer sshd, Repository repo, KeyPair hostKey) {
    this.sshd = sshd;
    this.repo = repo;
    this.hostKey = hostKey;
  }

  /**
   * Serves the repository at {@code workTree} as {@code ssh://USER@127.0.0.1:PORT/repo.git} to the
   * holder of {@code clientKey}.
   */
  public static GitSshServer serve(Path workTree, String user, PublicKey clientKey)
      throws IOException, GeneralSecurityException {
    Repository repo =
        new FileRepositoryBuilder().setWorkTree(workTree.toFile()).setMustExist(true).build();
    KeyPair hostKey = newKeyPair();
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setPublickeyAuthenticator(
        (u, key, session) -> user.equals(u) && KeyUtils.compareKeys(clientKey, key));
    sshd.setCommandFactory((channel, command) -> new UploadPackCommand(repo, command));
    sshd.start();
    return new GitSshServer(sshd, repo, hostKey);
  }

  public String url(String user) {
    return "ssh://" + user + "@127.0.0.1:" + sshd.getPort() + "/repo.git";
  }

  /** The known_hosts line for this server, as {@code ssh-keyscan} would print it. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  public static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  /**
   * The private key as an OpenSSH private key file would hold it; encrypted when a passphrase is
   * given.
   */
  public static String openSshPrivateKey(KeyPair pair, String passphrase)
      throws IOException, GeneralSecurityException {
    OpenSSHKeyEncryptionContext options = null;
    if (passphrase != null) {
      options = new OpenSSHKeyEncryptionContext();
      options.setCipherName("AES");
      options.setCipherType("256");
      options.setCipherMode("CTR");
      options.setPassword(passphrase);
      options.setKdfRounds(
          4); // real keys use 16+; fewer keeps the test fast, the format is the same
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", options, out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
    repo.close();
  }

  /** {@code git-upload-pack '/repo.git'}: the only command served, whatever path it names. */
  private static final class UploadPackCommand implements Command {
    private final Repository repo;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Repository repo, String command) {
      this.repo = repo;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread t =
          new Thread(
              () -> {
                if (!command.startsWith("git-upload-pack")) {
                  exit.onExit(127, "only git-upload-pack is served");
                  return;
                }
                try {
                  new UploadPack(repo).upload(in, out, err);
                  out.flush();
                  exit.onExit(0);
                } catch (IOException e) {
                  exit.onExit(1, String.valueOf(e.getMessage()));
                }
              },
              "git-ssh-upload-pack");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
