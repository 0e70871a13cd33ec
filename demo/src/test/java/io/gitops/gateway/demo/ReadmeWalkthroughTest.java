package io.gitops.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.sim.KubectlBinary;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Ten minutes with the demo", run as a user runs it: a fresh demo, the {@code export}
 * line its banner prints pasted into a shell, then every {@code bash} block of the section, exactly
 * as written and in order, with the real {@code kubectl} on the PATH. A block that fails (a
 * command, or one of its {@code eventually} checks timing out) fails the test with the whole
 * transcript.
 */
class ReadmeWalkthroughTest {
  static final String SECTION = "### Ten minutes with the demo";
  private static final Pattern BASH_BLOCK = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

  @TempDir Path data;

  @Test
  void everyShellBlockOfTheWalkThroughRunsAgainstAFreshDemo() throws Exception {
    Path kubectl = kubectlOrSkip();
    requireTools("bash", "curl", "jq", "git");
    List<String> blocks = bashBlocks(readme());
    assertThat(blocks).as("bash blocks in the README section " + SECTION).hasSizeGreaterThan(5);

    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (DemoMode.Running demo =
        DemoMode.start(new DemoMode.Options(0, data, Map.of()), new PrintStream(banner, true))) {
      List<String> exports =
          banner
              .toString(StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("export "))
              .toList();
      assertThat(String.join("\n", exports))
          .as("the banner tells the user what to export")
          .contains("GATEWAY=http://localhost:" + demo.gateway().port())
          .contains("KUBECONFIG=" + data.toAbsolutePath().resolve("kubeconfig"))
          .contains("DEMO_REPO=")
          .contains("ISSUER=");

      StringBuilder script = new StringBuilder("set -euo pipefail\n");
      exports.forEach(e -> script.append(e).append('\n'));
      for (int i = 0; i < blocks.size(); i++) {
        script.append("echo '### block ").append(i + 1).append("'\n").append(blocks.get(i));
      }
      Transcript run = bash(script.toString(), kubectl.getParent());

      assertThat(run.exitCode()).as("the walk-through failed:\n%s", run.output()).isZero();
      assertThat(run.output())
          .as("what the README promises, in the transcript:\n%s", run.output())
          // 2: prod drifted, and the diff names exactly the hand changes
          .contains("-  replicas: 5", "+  replicas: 2")
          .contains("-        image: ghcr.io/example/guestbook:1.5.0")
          // 3: prod kept them, and its field managers say who made them
          .containsPattern("kubectl\\s+Update\\s+scale")
          .containsPattern("kubectl-set\\s+Update")
          // 4: a plain sync names the other managers, a forced one wins
          .contains("conflict with \"kubectl\"", "conflict with \"kubectl-set\"")
          // 5: the commit rolled out
          .contains("deployment \"guestbook\" successfully rolled out")
          // 6: rolled back, automated sync paused
          .contains("\"paused\":true")
          // 7: the audit log
          .containsPattern("alice\\s+app.rolledBack\\s+app/guestbook-prod");
    }
  }

  static List<String> bashBlocks(String readme) {
    int start = readme.indexOf(SECTION);
    assertThat(start).as("README section " + SECTION).isNotNegative();
    int end = readme.indexOf("\n## ", start);
    int nextSection = readme.indexOf("\n### ", start + SECTION.length());
    if (nextSection >= 0 && (end < 0 || nextSection < end)) {
      end = nextSection;
    }
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> blocks = new ArrayList<>();
    Matcher m = BASH_BLOCK.matcher(section);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static String readme() throws IOException {
    Path root = Path.of(System.getProperty("gitops.root", "..")).toAbsolutePath().normalize();
    return Files.readString(root.resolve("README.md"));
  }

  private record Transcript(int exitCode, String output) {}

  private Transcript bash(String script, Path kubectlDir) throws Exception {
    Path file = data.resolve("walkthrough.sh");
    Path output = data.resolve("walkthrough.out");
    Files.writeString(file, script);
    ProcessBuilder pb =
        new ProcessBuilder("bash", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .directory(data.toFile());
    pb.environment().put("PATH", kubectlDir + File.pathSeparator + System.getenv("PATH"));
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Transcript(-1, "timed out after 5 minutes\n" + Files.readString(output));
    }
    return new Transcript(p.exitValue(), Files.readString(output));
  }

  private static Path kubectlOrSkip() {
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

  /** The walk-through's other tools; CI has them, so missing ones fail like a missing kubectl. */
  private static void requireTools(String... tools) {
    List<String> missing = new ArrayList<>();
    for (String tool : tools) {
      boolean found =
          Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
              .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
      if (!found) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      String message = "the README walk-through needs " + String.join(", ", missing) + " on PATH";
      if (KubectlBinary.required()) {
        throw new IllegalStateException(message + " (KUBECTL_REQUIRED=true)");
      }
      Assumptions.abort(message);
    }
  }
}
