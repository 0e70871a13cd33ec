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

  /**
   * One source on a line: a chart as {@code REPO chart NAME @ VERSION}, Git as {@code REPO PATH @
   * REVISION}; a {@code ref} source and {@code $ref/…} value files are named, since they decide
   * what a multi-source app renders.
   */
  static String source(JsonNode source) {
    String revision = text(source, "targetRevision");
    StringBuilder line = new StringBuilder(text(source, "repoURL"));
    if (!text(source, "chart").isEmpty()) {
      line.append(" chart ")
          .append(text(source, "chart"))
          .append(" @ ")
          .append(revision.isEmpty() ? "latest" : revision);
    } else {
      if (!text(source, "path").isEmpty()) {
        line.append(' ').append(text(source, "path"));
      }
      line.append(" @ ").append(revision.isEmpty() ? "HEAD" : revision);
    }
    if (!text(source, "ref").isEmpty()) {
      line.append(" (ref ").append(text(source, "ref")).append(')');
    }
    JsonNode valueFiles = source.path("helm").path("valueFiles");
    if (valueFiles.size() > 0) {
      StringBuilder files = new StringBuilder();
      valueFiles.forEach(f -> files.append(files.length() == 0 ? "" : ", ").append(f.asText()));
      line.append(" values: ").append(files);
    }
    return line.toString();
  }

  /** One app in detail: its spec's essentials, status, then its objects. */
  static void describe(JsonNode app, PrintStream out) {
    Table table = new Table("FIELD", "VALUE");
    table
        .row("Name", text(app, "tenant") + "/" + text(app, "name"))
        .row(
            "Destination",
            text(app, "spec", "destination", "cluster")
                + " / "
                + text(app, "spec", "destination", "namespace"));
    JsonNode sources = app.path("spec").path("sources");
    if (sources.isArray() && sources.size() > 0) {
      for (int i = 0; i < sources.size(); i++) {
        table.row("Source " + (i + 1) + "/" + sources.size(), source(sources.get(i)));
      }
    } else {
      table.row("Source", source(app.path("spec").path("source")));
    }
    table
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
