package io.gitops.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code git daemon} serving every repository under a folder over git:// on a free port.
 * Tests that use it are skipped with a message when git is not installed.
 */
public final class GitDaemon implements AutoCloseable {
  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static GitDaemon serve(Path baseDir) throws IOException {
    Assumptions.assumeTrue(gitInstalled(), "git is not installed: skipping the git daemon test");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                "git",
                "daemon",
                "--export-all",
                "--reuseaddr",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + baseDir.toAbsolutePath(),
                baseDir.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    GitDaemon daemon = new GitDaemon(p, port);
    await().atMost(Duration.ofSeconds(10)).until(daemon::accepting);
    return daemon;
  }

  /** {@code git://127.0.0.1:PORT/<path below the base folder>}. */
  public String url(String path) {
    return "git://127.0.0.1:" + port + "/" + path;
  }

  private boolean accepting() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean gitInstalled() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
