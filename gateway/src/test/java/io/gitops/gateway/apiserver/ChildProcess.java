package io.gitops.gateway.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process the tests start (etcd, kube-apiserver), its output in a log file whose tail goes
 * into the error when it fails to come up. A JVM shutdown hook stops it should the test run be cut
 * short, so no server outlives the build.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static ChildProcess start(String name, List<String> command, Path log) {
    return start(name, new ProcessBuilder(command), log);
  }

  /** As above, for a command that needs its own environment or folder. */
  public static ChildProcess start(String name, ProcessBuilder command, Path log) {
    try {
      Process p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ChildProcess(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start " + name + " (" + command.command().get(0) + ")", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails, naming the process and quoting its last log lines, when it has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with status "
              + process.exitValue()
              + "; last log lines:\n"
              + logTail(30));
    }
  }

  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or ran; nothing left to undo
    }
  }
}
