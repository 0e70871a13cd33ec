package io.gitops.gateway.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real {@code prometheus} and {@code promtool} (scripts/prometheus-tools.sh), for tests:
 * skipped with a message when absent, failed instead when PROMETHEUS_REQUIRED=true (as in CI).
 */
public final class PrometheusTools {
  private PrometheusTools() {}

  /**
   * The folder holding both binaries; aborts (skips) or fails the calling test when they are
   * absent.
   */
  public static Path bin() {
    Path bin =
        Path.of(
            System.getenv()
                .getOrDefault(
                    "PROMETHEUS_BIN_DIR",
                    System.getProperty("user.home") + "/.cache/gitops-gateway/prometheus/usr/bin"));
    boolean present =
        Files.isExecutable(bin.resolve("prometheus"))
            && Files.isExecutable(bin.resolve("promtool"));
    if (!present && "true".equals(System.getenv("PROMETHEUS_REQUIRED"))) {
      throw new IllegalStateException(
          "prometheus and promtool not found in " + bin + " (run scripts/prometheus-tools.sh)");
    }
    Assumptions.assumeTrue(
        present,
        "prometheus and promtool not found in "
            + bin
            + ": run scripts/prometheus-tools.sh, or set PROMETHEUS_BIN_DIR");
    return bin;
  }

  /** What a promtool run printed, and how it ended. */
  public record Run(int exitCode, String output) {}

  /** Runs {@code promtool args...} in {@code dir} and waits for it (at most a minute). */
  public static Run promtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(bin().resolve("promtool").toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + args[0] + " did not finish in a minute: " + output);
    }
    return new Run(p.exitValue(), output);
  }

  /** A real Prometheus server on loopback; {@link #close()} stops it. */
  public record Server(Process process, int port) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Starts Prometheus scraping {@code localhost:targetPort} every second (job "gateway"), data
   * under {@code work}.
   */
  public static Server scrapeEverySecond(Path work, int targetPort) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: gateway
            static_configs: [{targets: ["localhost:%d"]}]
        """
            .formatted(targetPort));
    Process p =
        new ProcessBuilder(
                bin().resolve("prometheus").toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    return new Server(p, port);
  }

  /**
   * A file of the repository's top level (e.g. {@code prometheus/...}, {@code grafana/...}), found
   * by walking up from the working directory: tests run in the module's folder, which may be below
   * it.
   */
  public static Path repoFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new AssertionError(
        relative + " not found in " + Path.of("").toAbsolutePath() + " or above");
  }
}
