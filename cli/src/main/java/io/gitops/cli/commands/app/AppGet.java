package io.gitops.cli.commands.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gitops app get APP}. */
@Command(
    name = "get",
    description = "Show one app: spec, status and the objects it manages.",
    mixinStandardHelpOptions = true)
public final class AppGet extends ApiCommand {
  @Parameters(paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Override
  public Integer call() {
    Session session = session();
    JsonNode json = session.api().get(session.app(app).path());
    printer().print(json, out -> AppViews.describe(json, out));
    return 0;
  }
}
