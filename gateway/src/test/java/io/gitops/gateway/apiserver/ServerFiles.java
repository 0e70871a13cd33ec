package io.gitops.gateway.apiserver;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The files and ports a throw-away API server needs, generated per start. */
final class ServerFiles {
  private ServerFiles() {}

  /**
   * A free local TCP port. Another process could take it before the server binds; unlikely enough
   * here.
   */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /**
   * A fresh RSA key in PKCS#8 PEM: the API server signs service-account tokens with it and, given
   * the same file as {@code --service-account-key-file}, verifies them with its public half.
   */
  static Path serviceAccountKey(Path dir) throws IOException {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      byte[] der = gen.generateKeyPair().getPrivate().getEncoded();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(der)
              + "\n-----END PRIVATE KEY-----\n";
      return Files.writeString(dir.resolve("service-account.key"), pem);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM cannot generate RSA keys", e);
    }
  }

  /**
   * A static token file ({@code --token-auth-file}) making {@code token} a member of
   * system:masters.
   */
  static Path adminTokenFile(Path dir, String token) throws IOException {
    return Files.writeString(
        dir.resolve("tokens.csv"), token + ",admin,admin,\"system:masters\"\n");
  }

  static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp folder is harmless
    }
  }
}
