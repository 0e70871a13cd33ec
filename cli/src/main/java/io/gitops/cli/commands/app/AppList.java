package io.gitops.cli.commands.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gitops.cli.Json;
import io.gitops.cli.client.Api;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitops app list}: every page of the tenant's apps, filtered on the server. */
@Command(
    name = "list",
    aliases = "ls",
    description = "List the tenant's apps (-o json: an array of apps as the REST API gives them).",
    mixinStandardHelpOptions = true)
public final class AppList extends ApiCommand {
  @Option(names = "--cluster", description = "Only apps deploying to this cluster.")
  String cluster;

  @Option(names = "--namespace", description = "Only apps deploying to this namespace.")
  String namespace;

  @Option(names = "--sync", description = "Synced, OutOfSync or Unknown.")
  String sync;

  @Option(
      names = "--health",
      description = "Healthy, Progressing, Degraded, Suspended, Missing or Unknown.")
  String health;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      description = "Only apps with this label; repeat to require several.")
  List<String> labels = new ArrayList<>();

  @Override
  public Integer call() {
    Session session = session();
    ArrayNode all = Json.JSON.createArrayNode();
    String cursor = null;
    do {
      JsonNode page = session.api().get(session.tenantPath() + "/apps" + query(cursor));
      page.path("items").forEach(all::add);
      cursor = Json.textOrNull(page, "nextCursor");
    } while (cursor != null);
    printer()
        .print(
            all,
            out -> {
              Table table = AppViews.listTable();
              all.forEach(app -> AppViews.addRow(table, app));
              table.print(out);
            });
    return 0;
  }

  private String query(String cursor) {
    StringBuilder q = new StringBuilder("?limit=500");
    add(q, "cluster", cluster);
    add(q, "namespace", namespace);
    add(q, "sync", sync);
    add(q, "health", health);
    labels.forEach(l -> add(q, "label", l));
    add(q, "cursor", cursor);
    return q.toString();
  }

  private static void add(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append('&').append(name).append('=').append(Api.enc(value));
    }
  }
}
