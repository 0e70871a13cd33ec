package io.gitops.cli.commands.app;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.Exit;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gitops app diff APP}: exits 1 when live differs from Git, like diff(1). */
@Command(
    name = "diff",
    description = {
      "Show how the live objects differ from Git at the last comparison (Secret values redacted).",
      "Exit code 0: no difference; 1: some object differs."
    },
    mixinStandardHelpOptions = true)
public final class AppDiff extends ApiCommand {
  @Parameters(paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Override
  public Integer call() {
    Session session = session();
    JsonNode diff = session.api().get(session.app(app).path() + "/diff");
    boolean differs = false;
    for (JsonNode o : diff.path("items")) {
      differs |= !"IN_SYNC".equals(text(o, "verdict"));
    }
    printer()
        .print(
            diff,
            out -> {
              for (JsonNode o : diff.path("items")) {
                if ("IN_SYNC".equals(text(o, "verdict"))) {
                  continue;
                }
                String ns = text(o, "namespace");
                out.println(
                    Terminal.oneLine(
                        "=== "
                            + text(o, "kind")
                            + " "
                            + (ns.isEmpty() ? "" : ns + "/")
                            + text(o, "name")
                            + " ("
                            + text(o, "verdict")
                            + ")"));
                String unified = Terminal.clean(text(o, "diff"));
                out.print(unified.endsWith("\n") || unified.isEmpty() ? unified : unified + "\n");
              }
            });
    return differs ? Exit.FAILED : Exit.OK;
  }
}
