package io.gitops.cli.commands.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops app refresh APP}: fetch now instead of waiting for the webhook or the poll. An app
 * with automated sync then syncs the new revision on its own.
 */
@Command(
    name = "refresh",
    description = "Fetch the app's repository now and compare (automated sync then follows).",
    mixinStandardHelpOptions = true)
public final class AppRefresh extends ApiCommand {
  @Parameters(paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Override
  public Integer call() {
    Session session = session();
    Session.AppRef ref = session.app(app);
    JsonNode json = session.api().post(ref.path() + "/refresh", null);
    printer().print(json, out -> AppViews.describe(json, out));
    return 0;
  }
}
