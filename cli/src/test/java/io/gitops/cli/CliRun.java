package io.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built CLI jar run as a user runs it: a separate JVM ({@code java -jar gitops-cli.jar}), its
 * own environment (config file, home), standard input, and what it printed and exited with.
 */
public final class CliRun {
  /** The jar Maven built in package (system property set by the cli module's pom). */
  public static final Path JAR =
      Path.of(System.getProperty("gitops.cliJar", "target/gitops-cli.jar"));

  /** A small, quick JVM: every CLI call is a process start. */
  static final List<String> JVM =
      List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  private final Path home;
  private final Map<String, String> env;

  public CliRun(Path home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  /** What one run printed and its exit code. */
  public record Result(int exit, String out, String err) {
    public Result expect(int code) {
      assertThat(exit).as("exit code; stdout: %s; stderr: %s", out, err).isEqualTo(code);
      return this;
    }
  }

  public CliRun with(Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putAll(more);
    return new CliRun(home, all);
  }

  public Result run(String... args) throws IOException, InterruptedException {
    return runWithInput(null, args);
  }

  public Result runWithInput(String stdin, String... args)
      throws IOException, InterruptedException {
    Process p = start(stdin, args);
    return finish(p);
  }

  /** Starts without waiting (e.g. {@code app wait} before the commit it waits for). */
  public Process start(String stdin, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM);
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
    environment(pb.environment());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    return p;
  }

  /** The environment of a clean user: no GITOPS_* from the build's own environment. */
  void environment(Map<String, String> target) {
    target.keySet().removeIf(k -> k.startsWith("GITOPS_") || k.startsWith("XDG_"));
    target.put("HOME", home.toString());
    target.put("GITOPS_CONFIG", home.resolve(".config/gitops/config.yaml").toString());
    target.putAll(env);
  }

  public static Result finish(Process p) throws IOException, InterruptedException {
    // Read both streams while it runs (a full pipe would block it), then its exit code.
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread reader =
        new Thread(
            () -> {
              try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                err.completeExceptionally(e);
              }
            });
    reader.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the CLI did not exit within 180 s; stdout: " + out);
    }
    reader.join();
    return new Result(p.exitValue(), out, err.join());
  }

  public Path configFile() {
    return Path.of(
        env.getOrDefault("GITOPS_CONFIG", home.resolve(".config/gitops/config.yaml").toString()));
  }

  public static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
