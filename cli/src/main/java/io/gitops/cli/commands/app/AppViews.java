package io.gitops.cli.commands.app;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.output.Table;
import java.io.PrintStream;

/** How apps look in tables. */
final class AppViews {
  private AppViews() {}

  static String shortRevision(String revision) {
    return revision == null || revision.length() <= 12 ? revision : revision.substring(0, 12);
  }

  static Table listTable() {
    return new Table("NAME", "CLUSTER", "NAMESPACE", "SYNC", "HEALTH", "REVISION", "MESSAGE");
  }

  static void addRow(Table table, JsonNode app) {
    table.row(
        text(app, "name"),
        text(app, "spec", "destination", "cluster"),
        text(app, "spec", "destination", "namespace"),
        text(app, "status", "sync", "status"),
        text(app, "status", "health", "status"),
        shortRevision(text(app, "status", "sync", "revision")),
        text(app, "status", "message"));
  }

  /** One app in detail: its spec's essentials, status, then its objects. */
  static void describe(JsonNode app, PrintStream out) {
    JsonNode source = app.path("spec").path("source");
    new Table("FIELD", "VALUE")
        .row("Name", text(app, "tenant") + "/" + text(app, "name"))
        .row(
            "Destination",
            text(app, "spec", "destination", "cluster")
                + " / "
                + text(app, "spec", "destination", "namespace"))
        .row(
            "Source",
            text(source, "repoURL")
                + " "
                + text(source, "path")
                + " @ "
                + (text(source, "targetRevision").isEmpty()
                    ? "HEAD"
                    : text(source, "targetRevision")))
        .row("Sync", text(app, "status", "sync", "status"))
        .row("Revision", text(app, "status", "sync", "revision"))
        .row(
            "Health",
            text(app, "status", "health", "status")
                + (text(app, "status", "health", "message").isEmpty()
                    ? ""
                    : " (" + text(app, "status", "health", "message") + ")"))
        .row("Message", text(app, "status", "message"))
        .row("Reconciled", text(app, "status", "reconciledAt"))
        .print(out);
    JsonNode resources = app.path("status").path("resources");
    if (resources.size() > 0) {
      out.println();
      Table objects = new Table("KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH", "MESSAGE");
      resources.forEach(
          r ->
              objects.row(
                  text(r, "kind"),
                  text(r, "namespace"),
                  text(r, "name"),
                  text(r, "status"),
                  text(r, "health"),
                  text(r, "message")));
      objects.print(out);
    }
  }
}
