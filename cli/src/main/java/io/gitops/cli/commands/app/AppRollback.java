package io.gitops.cli.commands.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.cli.Json;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops app rollback APP REVISION}. */
@Command(
    name = "rollback",
    description = {
      "Sync back to the revision of an earlier successful sync (see 'app history') and pause",
      "automated sync until Git moves on. Exit code as for 'app sync'."
    },
    mixinStandardHelpOptions = true)
public final class AppRollback extends ApiCommand {
  @Parameters(index = "0", paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Parameters(index = "1", paramLabel = "REVISION", description = "A commit SHA (7 to 40 hex).")
  String revision;

  @Option(names = "--override-sync-window", description = "Roll back inside a closed sync window.")
  boolean overrideSyncWindow;

  @Override
  public Integer call() {
    Session session = session();
    Session.AppRef ref = session.app(app);
    ObjectNode body = Json.JSON.createObjectNode().put("revision", revision);
    if (overrideSyncWindow) {
      body.put("overrideSyncWindow", true);
    }
    session.api().post(ref.path() + "/rollback", body);
    return OperationResult.report(session, ref, printer());
  }
}
