package io.gitops.cli.commands.appset;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.Json;
import io.gitops.cli.client.Api;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Table;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gitops appset list|get}: app sets and what they generated. */
@Command(
    name = "appset",
    description = "App sets: a template app plus generators (list, clusters, git, matrix).",
    mixinStandardHelpOptions = true,
    subcommands = {AppSetCommand.ListSets.class, AppSetCommand.GetSet.class})
public final class AppSetCommand {
  private AppSetCommand() {}

  /** {@code gitops appset list}. */
  @Command(
      name = "list",
      aliases = "ls",
      description = "The tenant's app sets (-o json: an array as the REST API gives them).",
      mixinStandardHelpOptions = true)
  public static final class ListSets extends ApiCommand {
    @Override
    public Integer call() {
      Session session = session();
      JsonNode items = session.api().get(session.tenantPath() + "/appsets").path("items");
      printer()
          .print(
              items,
              out -> {
                Table table = new Table("NAME", "APPS", "REFUSED", "ROLLOUT", "ERROR");
                items.forEach(
                    s ->
                        table.row(
                            Json.text(s, "name"),
                            s.path("status").path("apps").size(),
                            s.path("status").path("refused").size(),
                            rollout(s.path("status").path("rollout")),
                            Json.text(s, "status", "error")));
                table.print(out);
              });
      return 0;
    }
  }

  /** {@code gitops appset get SET}. */
  @Command(
      name = "get",
      description = "One app set: its apps (state, step, sync, health), refusals and rollout.",
      mixinStandardHelpOptions = true)
  public static final class GetSet extends ApiCommand {
    @Parameters(paramLabel = "SET", description = "SET or TENANT/SET.")
    String set;

    @Override
    public Integer call() {
      Session session = session();
      Session.AppRef ref = session.app(set);
      JsonNode json =
          session
              .api()
              .get("/api/v1/tenants/" + Api.enc(ref.tenant()) + "/appsets/" + Api.enc(ref.app()));
      printer().print(json, out -> describe(json, out));
      return 0;
    }
  }

  static String rollout(JsonNode rollout) {
    if (rollout.isMissingNode() || rollout.isNull()) {
      return "";
    }
    String state = Json.text(rollout, "state");
    return rollout.has("step")
        ? state + " " + Json.text(rollout, "step") + "/" + Json.text(rollout, "steps")
        : state;
  }

  static void describe(JsonNode set, PrintStream out) {
    JsonNode status = set.path("status");
    new Table("FIELD", "VALUE")
        .row("Name", Json.text(set, "tenant") + "/" + Json.text(set, "name"))
        .row("Generators", set.path("spec").path("generators").size())
        .row("Rollout", rollout(status.path("rollout")))
        .row("Rollout reason", Json.text(status, "rollout", "reason"))
        .row("Error", Json.text(status, "error"))
        .row("Generated", Json.text(status, "generatedAt"))
        .print(out);
    out.println();
    Table apps = new Table("APP", "CLUSTER", "NAMESPACE", "STEP", "STATE", "SYNC", "HEALTH");
    status
        .path("apps")
        .forEach(
            a ->
                apps.row(
                    Json.text(a, "name"),
                    Json.text(a, "cluster"),
                    Json.text(a, "namespace"),
                    Json.text(a, "step"),
                    Json.text(a, "state"),
                    Json.text(a, "sync"),
                    Json.text(a, "health")));
    apps.print(out);
    if (status.path("refused").size() > 0) {
      out.println();
      Table refused = new Table("REFUSED", "FIELD", "REASON");
      status
          .path("refused")
          .forEach(
              r ->
                  refused.row(
                      Json.text(r, "name").isEmpty()
                          ? r.path("params").toString()
                          : Json.text(r, "name"),
                      Json.text(r, "field"),
                      Json.text(r, "reason")));
      refused.print(out);
    }
  }
}
