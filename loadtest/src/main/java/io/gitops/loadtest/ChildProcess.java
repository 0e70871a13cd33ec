package io.gitops.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM (the gateway, the cluster farm, the WebSocket clients): its output is copied to a log
 * file and offered line by line to whoever waits for a line; its stdin stays open so that it can be
 * told to stop, and it dies with the harness (the children exit when their stdin closes).
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> tail = new ArrayList<>();

  private ChildProcess(String name, Process process, Path log) throws IOException {
    this.name = name;
    this.process = process;
    var writer = Files.newBufferedWriter(log);
    Thread pump =
        new Thread(
            () -> {
              try (var in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  writer) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  writer.write(line);
                  writer.newLine();
                  writer.flush();
                  lines.add(line);
                  synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > 20) {
                      tail.remove(0);
                    }
                  }
                }
              } catch (IOException e) {
                // the child went away: waiters see it through isAlive()
              }
            },
            name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** {@code java <jvmArgs> <args>} with this JVM's java binary, output to {@code log}. */
  public static ChildProcess java(String name, List<String> jvmArgs, List<String> args, Path log)
      throws IOException {
    return java(name, jvmArgs, args, log, Map.of());
  }

  /** The same with {@code env} added to the child's environment (a replica's own settings). */
  public static ChildProcess java(
      String name, List<String> jvmArgs, List<String> args, Path log, Map<String, String> env)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    return new ChildProcess(name, p, log);
  }

  /** The class path of this JVM: the shaded jar, or the test's class path. */
  public static List<String> ownClassPath() {
    return List.of("-cp", System.getProperty("java.class.path"));
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for a line matching {@code pattern}; its match, or an error with the last lines. */
  public Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line =
          left > 0 ? lines.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS) : null;
      if (line != null) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      } else if (!process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException(
            name
                + " exited ("
                + process.exitValue()
                + ") before printing "
                + pattern
                + "; last lines:\n"
                + lastLines());
      } else if (System.nanoTime() >= deadline) {
        throw new IllegalStateException(
            name
                + " did not print "
                + pattern
                + " within "
                + timeout
                + "; last lines:\n"
                + lastLines());
      }
    }
  }

  public String lastLines() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /** A line to the child's stdin. */
  public void tell(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * SIGKILL ({@code kill -9}): no shutdown hook, no goodbye to the cluster; what a crashed node or
   * an OOM kill looks like to the other replicas. Returns once the process is gone.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM (the gateway's shutdown hook runs, a JFR recording is written), then SIGKILL. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
