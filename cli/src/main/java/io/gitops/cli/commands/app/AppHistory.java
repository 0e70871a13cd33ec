package io.gitops.cli.commands.app;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops app history APP}: the sync operations, newest first. */
@Command(
    name = "history",
    description = "The app's sync operations, newest first (-o json: an array of operations).",
    mixinStandardHelpOptions = true)
public final class AppHistory extends ApiCommand {
  @Parameters(paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Session session = session();
    JsonNode page = session.api().get(session.app(app).path() + "/operations?limit=" + limit);
    JsonNode items = page.path("items");
    printer()
        .print(
            items,
            out -> {
              Table table =
                  new Table("ID", "REVISION", "PHASE", "BY", "STARTED", "FINISHED", "MESSAGE");
              items.forEach(
                  o ->
                      table.row(
                          text(o, "id"),
                          AppViews.shortRevision(text(o, "revision")),
                          text(o, "phase"),
                          text(o, "triggeredBy"),
                          text(o, "startedAt"),
                          text(o, "finishedAt"),
                          text(o, "message")));
              table.print(out);
            });
    return 0;
  }
}
