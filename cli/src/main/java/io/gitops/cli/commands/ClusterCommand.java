package io.gitops.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import io.gitops.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code gitops cluster list}. */
@Command(
    name = "cluster",
    description = "Clusters.",
    mixinStandardHelpOptions = true,
    subcommands = ClusterCommand.ListClusters.class)
public final class ClusterCommand {

  /**
   * The clusters the caller's tenants may deploy to (all for operators), from GraphQL's {@code
   * clusters}: REST lists clusters only to operators ({@code /api/v1/admin/clusters}).
   */
  @Command(
      name = "list",
      aliases = "ls",
      description = "Clusters your tenants may deploy to (all of them for operators).",
      mixinStandardHelpOptions = true)
  public static final class ListClusters extends ApiCommand {
    @Override
    public Integer call() {
      ObjectNode query =
          Json.JSON.createObjectNode().put("query", "{ clusters { name labels { key value } } }");
      JsonNode answer = session().api().post("/graphql", query);
      if (answer.path("errors").size() > 0) {
        JsonNode error = answer.path("errors").path(0);
        int status = error.path("extensions").path("status").asInt(0);
        throw new CliException(
            status == 401 || status == 403 ? Exit.AUTH : Exit.FAILED,
            "GraphQL: " + Json.text(error, "message"));
      }
      JsonNode clusters = answer.path("data").path("clusters");
      printer()
          .print(
              clusters,
              out -> {
                Table table = new Table("NAME", "LABELS");
                clusters.forEach(
                    c -> {
                      java.util.List<String> labels = new java.util.ArrayList<>();
                      c.path("labels")
                          .forEach(
                              l -> labels.add(Json.text(l, "key") + "=" + Json.text(l, "value")));
                      table.row(Json.text(c, "name"), String.join(",", labels));
                    });
                table.print(out);
              });
      return 0;
    }
  }
}
