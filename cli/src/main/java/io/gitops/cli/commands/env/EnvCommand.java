package io.gitops.cli.commands.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Json;
import io.gitops.cli.client.Api;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops env APP}: which revision and images run in each environment of an application (an
 * app set, or {@code -l key=value} for apps grouped by a label); {@code gitops env compare APP A
 * B}: what differs between two environments.
 */
@Command(
    name = "env",
    description = "Environments of an application: revision, commit, live images, sync, health.",
    mixinStandardHelpOptions = true,
    subcommands = EnvCommand.Compare.class)
public final class EnvCommand extends ApiCommand {
  @Parameters(
      paramLabel = "APP",
      arity = "0..1",
      description = "An app set (SET or TENANT/SET); or give -l instead.")
  String app;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      description = "The application is the apps with this label (repeatable) instead of a set.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--by",
      defaultValue = "cluster",
      description = "Environments are clusters (default) or the values of this cluster label.")
  String by;

  @Override
  public Integer call() {
    Session session = session();
    JsonNode matrix = session.api().get(path(session, app, labels, by, ""));
    JsonNode rows = matrix.path("environments");
    printer()
        .print(
            matrix,
            out -> {
              Table table =
                  new Table(
                      "ENVIRONMENT",
                      "APP",
                      "REVISION",
                      "COMMIT",
                      "IMAGES",
                      "SYNC",
                      "HEALTH",
                      "CHANGED");
              rows.forEach(
                  r ->
                      table.row(
                          Json.text(r, "environment"),
                          Json.text(r, "app"),
                          shortSha(Json.text(r, "revision")),
                          Json.text(r, "commitMessage"),
                          images(r),
                          Json.text(r, "sync"),
                          Json.text(r, "health"),
                          Json.text(r, "lastChanged")));
              table.print(out);
            });
    return 0;
  }

  static String path(Session session, String app, List<String> labels, String by, String sub) {
    if ((app == null) == labels.isEmpty()) {
      throw CliException.usage("give the application: an app set name, or -l KEY=VALUE");
    }
    StringBuilder q = new StringBuilder();
    String tenantPath = session.tenantPath();
    if (app != null) {
      Session.AppRef ref = session.app(app);
      tenantPath = "/api/v1/tenants/" + Api.enc(ref.tenant());
      q.append("appset=").append(Api.enc(ref.app()));
    } else {
      labels.forEach(l -> q.append(q.length() == 0 ? "" : "&").append("label=").append(Api.enc(l)));
    }
    q.append("&by=").append(Api.enc(by));
    return tenantPath + "/environments" + sub + "?" + q + "";
  }

  static String shortSha(String sha) {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  static String images(JsonNode row) {
    List<String> out = new ArrayList<>();
    row.path("images").forEach(i -> out.add(Json.text(i, "image")));
    return String.join(",", out);
  }

  /** {@code gitops env compare APP A B}. */
  @Command(
      name = "compare",
      description = "What differs between environments A and B of APP: revision and images.",
      mixinStandardHelpOptions = true)
  public static final class Compare extends ApiCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "An app set (SET or TENANT/SET).")
    String app;

    @Parameters(index = "1", paramLabel = "A", description = "An environment.")
    String a;

    @Parameters(index = "2", paramLabel = "B", description = "Another environment.")
    String b;

    @Option(
        names = "--by",
        defaultValue = "cluster",
        description = "Environments are clusters (default) or the values of this cluster label.")
    String by;

    @Override
    public Integer call() {
      Session session = session();
      String path =
          path(session, app, List.of(), by, "/compare") + "&a=" + Api.enc(a) + "&b=" + Api.enc(b);
      JsonNode diff = session.api().get(path);
      printer()
          .print(
              diff,
              out -> {
                Table table = new Table("WHAT", a.toUpperCase(), b.toUpperCase());
                table.row(
                    "revision",
                    shortSha(Json.text(diff, "a", "revision")),
                    shortSha(Json.text(diff, "b", "revision")));
                table.row(
                    "commit",
                    Json.text(diff, "a", "commitMessage"),
                    Json.text(diff, "b", "commitMessage"));
                diff.path("images")
                    .forEach(
                        i ->
                            table.row(
                                Json.text(i, "container"), Json.text(i, "a"), Json.text(i, "b")));
                table.print(out);
                if (diff.path("same").asBoolean()) {
                  out.println("same revision and images");
                }
              });
      return 0;
    }
  }
}
