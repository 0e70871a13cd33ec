package io.gitops.cli.commands.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.client.Api;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitops app import -f apps.yaml [--dry-run] [--cluster NAME]}: Argo CD Applications become
 * apps of the tenant, all or none; prints each app and every field that was left out.
 */
@Command(
    name = "import",
    description = {
      "Import Argo CD Applications (one, several documents, or a List) as apps of the tenant:",
      "all of them or none. Names every Application field that is not taken over, and why."
    },
    mixinStandardHelpOptions = true)
public final class AppImport extends ApiCommand {
  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Application YAML; '-' reads standard input.")
  String file;

  @Option(names = "--dry-run", description = "Check and show the mapping; create nothing.")
  boolean dryRun;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description = "The cluster for Applications that name theirs by server URL only.")
  String cluster;

  @Override
  public Integer call() {
    String yaml = read();
    Session session = session();
    String query = "?dryRun=" + dryRun + (cluster == null ? "" : "&cluster=" + Api.enc(cluster));
    JsonNode answer = session.api().postYaml(session.tenantPath() + "/apps/import" + query, yaml);
    printer().print(answer, out -> describe(answer, out));
    return 0;
  }

  private String read() {
    try {
      return file.equals("-")
          ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          : Files.readString(Path.of(file));
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  static void describe(JsonNode answer, PrintStream out) {
    boolean dry = answer.path("dryRun").asBoolean();
    for (JsonNode app : answer.path("items")) {
      JsonNode spec = app.path("spec");
      out.println(
          (dry ? "would import " : "imported ")
              + app.path("name").asText()
              + "  "
              + spec.path("source").path("repoURL").asText()
              + " "
              + spec.path("source").path("path").asText("")
              + " -> "
              + spec.path("destination").path("cluster").asText()
              + "/"
              + spec.path("destination").path("namespace").asText(""));
      for (JsonNode skipped : app.path("ignored")) {
        out.println(
            "  not taken over: "
                + skipped.path("field").asText()
                + " ("
                + skipped.path("reason").asText()
                + ")");
      }
    }
    if (dry) {
      out.println("dry run: nothing was created");
    }
  }
}
