package io.gitops.gateway.health.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator command: the project's own folder passes; a broken folder fails and says where. */
class HealthScriptCheckTest {
  @TempDir Path folder;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void theProjectsOwnScriptsPass() {
    int exit =
        HealthScriptCheck.run(
            Path.of(System.getProperty("gitops.root", ".."), "health-scripts"), out);

    assertThat(output()).doesNotContain("FAIL").doesNotContain("NOTE").contains(" 0 failed");
    assertThat(
            output().lines().filter(l -> l.startsWith("PASS")).map(l -> l.split(" ")[1]).distinct())
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(exit).isZero();
  }

  @Test
  void aWrongVerdictFailsWithExpectedAndActual() throws IOException {
    script("example.com/Widget", "return {status = 'Degraded', message = 'broken'}");
    tests("example.com/Widget", "Healthy", "fine");

    int exit = HealthScriptCheck.run(folder, out);

    assertThat(output())
        .contains(
            "FAIL example.com/Widget testdata/widget.yaml: expected Healthy \"fine\", actual Degraded \"broken\"",
            "0 passed, 1 failed");
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void aScriptThatDoesNotCompileFailsItsCasesWithTheCompilerMessage() throws IOException {
    script("example.com/Widget", "return {");
    tests("example.com/Widget", "Healthy", "");

    int exit = HealthScriptCheck.run(folder, out);

    assertThat(output())
        .contains(
            "actual Unknown \"health script example.com/Widget/health.lua does not compile at line 1:");
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void brokenTestFilesAndMissingInputsAreNamedWithoutAStackTrace() throws IOException {
    script("example.com/Widget", "return {status = 'Healthy'}");
    Files.writeString(
        folder.resolve("example.com/Widget/health_test.yaml"),
        "tests:\n- healthStatus: {status: Healthy}\n  inputPath: testdata/missing.yaml\n");
    script("example.com/Gadget", "return {status = 'Healthy'}");
    Files.writeString(
        folder.resolve("example.com/Gadget/health_test.yaml"), "tests:\n- inputPath: x.yaml\n");

    int exit = HealthScriptCheck.run(folder, out);

    assertThat(output())
        .contains(
            "FAIL example.com/Gadget/health_test.yaml: test 1 has no healthStatus.status",
            "FAIL example.com/Widget testdata/missing.yaml: cannot read the input: no such file")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void aScriptWithoutTestsIsPointedOut() throws IOException {
    script("example.com/Widget", "return {status = 'Healthy'}");
    tests("example.com/Widget", "Healthy", "");
    script("example.com/Gadget", "return {status = 'Healthy'}");

    int exit = HealthScriptCheck.run(folder, out);

    assertThat(output())
        .contains(
            "NOTE example.com/Gadget/health.lua has no health_test.yaml", "1 passed, 0 failed");
    assertThat(exit).isZero();
  }

  @Test
  void aFolderWithoutTestsFails() {
    assertThat(HealthScriptCheck.run(folder, out)).isEqualTo(1);
    assertThat(output()).contains("no test cases found");
  }

  @Test
  void aMissingFolderIsExitCodeTwo() {
    assertThat(HealthScriptCheck.run(folder.resolve("nope"), out)).isEqualTo(2);
    assertThat(output()).contains("nope does not exist");
  }

  private void script(String groupKind, String source) throws IOException {
    Path dir = Files.createDirectories(folder.resolve(groupKind));
    Files.writeString(dir.resolve("health.lua"), source);
  }

  private void tests(String groupKind, String status, String message) throws IOException {
    Path dir = folder.resolve(groupKind);
    Files.createDirectories(dir.resolve("testdata"));
    Files.writeString(
        dir.resolve("testdata/widget.yaml"), "apiVersion: example.com/v1\nkind: Widget\n");
    Files.writeString(
        dir.resolve("health_test.yaml"),
        "tests:\n- healthStatus:\n    status: "
            + status
            + "\n    message: \""
            + message
            + "\"\n  inputPath: testdata/widget.yaml\n");
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }
}
