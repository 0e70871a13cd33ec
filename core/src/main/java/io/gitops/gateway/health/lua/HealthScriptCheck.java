package io.gitops.gateway.health.lua;

import io.gitops.gateway.model.HealthResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operator's check of a health-script folder, run before deploying it: every case of every
 * {@code health_test.yaml} is run against the {@code health.lua} beside it, exactly as the gateway
 * would run it (same sandbox, same budget), and reported as PASS or FAIL with the expected and the
 * actual status and message.
 *
 * <pre>java -cp gateway.jar io.gitops.gateway.health.lua.HealthScriptCheck health-scripts/</pre>
 */
public final class HealthScriptCheck {
  private int passed;
  private int failed;
  private final PrintStream out;

  private HealthScriptCheck(PrintStream out) {
    this.out = out;
  }

  /**
   * 0 when every case passes, 1 when any fails (or there are none), 2 when the folder does not
   * exist.
   */
  public static int run(Path folder, PrintStream out) {
    if (!Files.isDirectory(folder)) {
      out.println("health script folder " + folder + " does not exist");
      return 2;
    }
    HealthScriptCheck check = new HealthScriptCheck(out);
    try {
      for (Path tests : testFiles(folder)) {
        check.checkFolder(folder, tests.getParent());
      }
      ScriptFolder.read(folder).orElseThrow().keySet().stream()
          .filter(
              script -> !Files.exists(folder.resolve(script).resolveSibling(HealthTestFile.NAME)))
          .forEach(script -> out.println("NOTE " + script + " has no " + HealthTestFile.NAME));
    } catch (IOException | UncheckedIOException e) {
      out.println("cannot read " + folder + ": " + e.getMessage());
      return 1;
    }
    out.println(check.passed + " passed, " + check.failed + " failed");
    if (check.passed + check.failed == 0) {
      out.println("no test cases found under " + folder);
      return 1;
    }
    return check.failed == 0 ? 0 : 1;
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: HealthScriptCheck <health-script-folder>");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), System.out));
  }

  private static List<Path> testFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder, 3, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      return files
          .filter(f -> f.getFileName().toString().equals(HealthTestFile.NAME))
          .filter(
              f ->
                  ScriptFolder.pattern(
                          ScriptFolder.relative(folder, f.resolveSibling(ScriptFolder.SCRIPT)))
                      .isPresent())
          .sorted()
          .toList();
    }
  }

  private void checkFolder(Path root, Path dir) {
    String scriptName = ScriptFolder.relative(root, dir.resolve(ScriptFolder.SCRIPT));
    String label = ScriptFolder.relative(root, dir);
    HealthTestFile tests;
    HealthScript script;
    try {
      tests = HealthTestFile.read(dir.resolve(HealthTestFile.NAME));
    } catch (IOException | IllegalArgumentException e) {
      fail(label + "/" + HealthTestFile.NAME + ": " + firstLine(e));
      return;
    }
    try {
      script =
          HealthScript.compile(
              scriptName,
              Files.readString(dir.resolve(ScriptFolder.SCRIPT), StandardCharsets.UTF_8));
    } catch (IOException e) {
      fail(label + ": no readable " + ScriptFolder.SCRIPT + " beside " + HealthTestFile.NAME);
      return;
    }
    for (HealthTestFile.Case c : tests.cases()) {
      checkCase(label + " " + c.inputPath(), script, dir.resolve(c.inputPath()), c);
    }
  }

  private void checkCase(
      String label, HealthScript script, Path input, HealthTestFile.Case expected) {
    HealthResult actual;
    try {
      actual = script.assess(HealthTestFile.readObject(input));
    } catch (IOException | IllegalArgumentException e) {
      fail(label + ": cannot read the input: " + firstLine(e));
      return;
    }
    String want = expected.status() + " \"" + expected.message() + "\"";
    String got = actual.status().label() + " \"" + actual.message() + "\"";
    if (want.equals(got)) {
      passed++;
      out.println("PASS " + label + ": " + got);
    } else {
      fail(label + ": expected " + want + ", actual " + got);
    }
  }

  private void fail(String line) {
    failed++;
    out.println("FAIL " + line);
  }

  private static String firstLine(Exception e) {
    String m = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
