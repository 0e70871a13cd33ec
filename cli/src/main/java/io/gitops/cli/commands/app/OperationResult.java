package io.gitops.cli.commands.app;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.Exit;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Printer;
import io.gitops.cli.output.Table;
import io.gitops.cli.output.Terminal;

/**
 * After a sync or a rollback: the operation the gateway recorded for it, printed, and its phase as
 * the exit code (Succeeded 0, anything else 1).
 */
final class OperationResult {
  private OperationResult() {}

  static int report(Session session, Session.AppRef ref, Printer printer) {
    JsonNode latest = session.api().get(ref.path() + "/operations?limit=1").path("items").path(0);
    printer.print(
        latest,
        out ->
            new Table("APP", "OPERATION", "REVISION", "PHASE", "MESSAGE")
                .row(
                    ref,
                    text(latest, "id"),
                    AppViews.shortRevision(text(latest, "revision")),
                    text(latest, "phase"),
                    text(latest, "message"))
                .print(out));
    if ("Succeeded".equals(text(latest, "phase"))) {
      return Exit.OK;
    }
    System.err.println(
        Terminal.oneLine(
            "error: "
                + ref
                + ": the sync "
                + (text(latest, "phase").isEmpty() ? "did not run" : text(latest, "phase"))
                + (text(latest, "message").isEmpty() ? "" : ": " + text(latest, "message"))));
    return Exit.FAILED;
  }
}
