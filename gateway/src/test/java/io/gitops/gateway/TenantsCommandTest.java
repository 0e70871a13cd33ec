package io.gitops.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.RepoRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code check-tenants}: the repository's tenants/ pass; a bad file is one line naming file and
 * field, exit 2.
 */
class TenantsCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path dir;

  private int check(Path folder) {
    return Main.run(
            new String[] {"check-tenants", folder.toString()},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .exitCode();
  }

  @Test
  void theShippedTenantsFolderIsValid() {
    assertThat(check(RepoRoot.find().resolve("tenants")))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("tenant payments", "tenant team-a", "tenant team-b")
        .contains("3 of 3 tenant files valid");
  }

  @Test
  void theDemoTenantsAreTheOnesInTenantsFolder() throws Exception {
    for (String name : new String[] {"team-a.yaml", "team-b.yaml"}) {
      // The demo module's copy: it is not on this module's classpath since the module split.
      Path demoCopy = RepoRoot.find().resolve("demo/src/main/resources/demo/tenants").resolve(name);
      assertThat(Files.readString(RepoRoot.find().resolve("tenants").resolve(name)))
          .as("tenants/%s and the demo's copy (%s) differ", name, demoCopy)
          .isEqualTo(Files.readString(demoCopy));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown field  | name: t\\nowner: x\\n                         | owner: unknown field",
        "bad role       | name: t\\nroles: {g: boss}\\n                   | roles.g:",
        "bad quota      | name: t\\nquotas: {maxApps: -1}\\n              | quotas.maxApps: must be a whole number",
        "bad window     | name: t\\nsyncWindows: [{kind: deny, schedule: '0 22 * * *', duration: 0h}]\\n"
            + " | syncWindows[0].duration:",
        "name not file  | name: other\\n                               | name: must match the file name",
        "not YAML       | 'name: [\\n'                                  | t.yaml: ",
      })
  void aBadFileIsOneLineNamingTheFileAndFieldAndExitsTwo(
      String label, String content, String expected) throws Exception {
    Files.writeString(dir.resolve("good.yaml"), "name: good\n");
    Files.writeString(dir.resolve("t.yaml"), content.replace("\\n", "\n"));
    assertThat(check(dir)).isEqualTo(Main.EXIT_CONFIG);
    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(errors.lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(dir.resolve("t.yaml") + ": ")
                    .contains(expected.trim()));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("OK   " + dir.resolve("good.yaml"), "1 of 2");
  }

  @Test
  void aMissingOrEmptyFolderIsRefused() {
    assertThat(check(dir.resolve("nope"))).isEqualTo(Main.EXIT_CONFIG);
    assertThat(check(dir)).isEqualTo(Main.EXIT_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such folder", "no tenant files");
  }
}
