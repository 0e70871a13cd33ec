package io.gitops.gateway.apiserver;

import io.gitops.gateway.sim.KubectlBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code kubectl} (built by {@code scripts/kubectl-binary.sh}) pointed at one cluster by a
 * kubeconfig of its own, run as a user runs it. {@link #normalised} takes out what differs between
 * two servers by nature (ages, uids, addresses, timestamps, resourceVersions, temporary paths), so
 * two transcripts can be compared line by line.
 */
record Kubectl(Path binary, Path kubeconfig, Path workDir) {
  private static final Pattern AGE =
      Pattern.compile("(?<=^|\\s)\\d+(?:y\\d*d?|d\\d*h?|h\\d*m?|m\\d*s?|s)(?=\\s|$)");
  private static final Pattern IP = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b");
  private static final Pattern UID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ISO_TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z");
  private static final Pattern HTTP_TIME =
      Pattern.compile("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
  private static final Pattern RESOURCE_VERSION =
      Pattern.compile("(\"?resourceVersion\"?\\s*:\\s*)\"\\d+\"");

  /** One run: exit code, stdout, stderr. */
  record Result(int exitCode, String out, String err) {
    /** Exit code and both streams, normalised, as one text to compare. */
    String normalised() {
      return "exit "
          + exitCode
          + "\n"
          + Kubectl.normalised(out)
          + "\n--- stderr\n"
          + Kubectl.normalised(err);
    }
  }

  /**
   * The binary, or the test is skipped naming what is missing; failed instead under {@code
   * KUBECTL_REQUIRED=true}, so that CI, which builds it first, cannot pass by skipping.
   */
  static Path binaryOrSkip() {
    return KubectlBinary.find()
        .orElseGet(
            () -> {
              if (KubectlBinary.required()) {
                throw new IllegalStateException(
                    KubectlBinary.missing() + " (KUBECTL_REQUIRED=true)");
              }
              Assumptions.abort(KubectlBinary.missing());
              return null;
            });
  }

  /**
   * A kubectl for {@code server}: a bearer token, or none (the simulator takes anonymous calls).
   */
  static Kubectl of(Path binary, Path dir, String name, String server, String token) {
    try {
      Files.createDirectories(dir);
      String user = token == null ? "{}" : "{token: \"" + token + "\"}";
      String tls = server.startsWith("https:") ? ", insecure-skip-tls-verify: true" : "";
      Path config = dir.resolve("kubeconfig");
      Files.writeString(
          config,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: " + name,
              "  cluster: {server: \"" + server + "\"" + tls + "}",
              "users:",
              "- name: user",
              "  user: " + user,
              "contexts:",
              "- name: " + name,
              "  context: {cluster: " + name + ", user: user}",
              "current-context: " + name,
              ""));
      return new Kubectl(binary, config, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    return run(Map.of(), args);
  }

  Result run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "out", ".txt");
      Path err = Files.createTempFile(workDir, "err", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      pb.environment().put("HOME", workDir.toString()); // kubectl's discovery cache, per cluster
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " ran over 120 s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What two servers answer differently by nature taken out; columns re-spaced. */
  static String normalised(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      // kubectl diff's headers name temporary folders and its hunk headers count lines, which
      // the real server's defaulted fields shift
      if (line.startsWith("diff -u -N ")
          || line.startsWith("--- /tmp/")
          || line.startsWith("+++ /tmp/")
          || line.startsWith("@@ ")) {
        continue;
      }
      String l = RESOURCE_VERSION.matcher(line).replaceAll("$1\"RV\"");
      l = UID.matcher(l).replaceAll("UID");
      l = ISO_TIME.matcher(l).replaceAll("TIME");
      l = HTTP_TIME.matcher(l).replaceAll("TIME");
      l = IP.matcher(l).replaceAll("IP");
      l = AGE.matcher(l).replaceAll("AGE");
      lines.add(l.replaceAll("[ \\t]+", " ").stripTrailing());
    }
    return String.join("\n", lines).strip();
  }
}
