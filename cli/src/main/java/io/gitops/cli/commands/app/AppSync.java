package io.gitops.cli.commands.app;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.cli.Json;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops app sync APP}: POST …/operations; the gateway answers when the sync is done. Exit 1
 * when the operation did not succeed.
 */
@Command(
    name = "sync",
    description = {
      "Sync the app to Git now and print the operation.",
      "Exit code 0: Succeeded; 1: Failed or Error (the message says why)."
    },
    mixinStandardHelpOptions = true)
public final class AppSync extends ApiCommand {
  @Parameters(paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Option(names = "--dry-run", description = "Plan and ask the cluster; apply nothing.")
  boolean dryRun;

  @Option(
      names = "--prune",
      negatable = true,
      description = "Delete objects no longer in Git (default: the app's policy).")
  Boolean prune;

  @Option(names = "--force", description = "Take over fields another field manager owns.")
  boolean force;

  @Option(
      names = "--override-sync-window",
      description = "Sync inside a closed sync window (audited).")
  boolean overrideSyncWindow;

  @Override
  public Integer call() {
    Session session = session();
    Session.AppRef ref = session.app(app);
    ObjectNode body = Json.JSON.createObjectNode();
    if (dryRun) {
      body.put("dryRun", true);
    }
    if (prune != null) {
      body.put("prune", prune);
    }
    if (force) {
      body.put("force", true);
    }
    if (overrideSyncWindow) {
      body.put("overrideSyncWindow", true);
    }
    JsonNode answer = session.api().post(ref.path() + "/operations", body);
    if (!dryRun) {
      return OperationResult.report(session, ref, printer());
    }
    JsonNode dry = answer.path("dryRun").isObject() ? answer.path("dryRun") : answer;
    printer()
        .print(
            dry,
            out -> {
              if (!text(dry, "refusal").isEmpty()) {
                out.println(Terminal.oneLine("refused: " + text(dry, "refusal")));
              }
              JsonNode plan = dry.path("plan");
              for (String part : new String[] {"create", "change", "prune", "held", "hooks"}) {
                plan.path(part)
                    .forEach(o -> out.println(part + "\t" + Terminal.oneLine(describe(o))));
              }
            });
    return text(dry, "refusal").isEmpty() ? 0 : 1;
  }

  private static String describe(JsonNode object) {
    return object.isTextual() ? object.asText() : object.toString();
  }
}
