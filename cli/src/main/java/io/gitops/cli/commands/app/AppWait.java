package io.gitops.cli.commands.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.client.FeedFollower;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.DurationConverter;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Printer;
import io.gitops.cli.output.Terminal;
import io.gitops.cli.wait.AppState;
import io.gitops.cli.wait.Verdict;
import io.gitops.cli.wait.WaitCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops app wait APP --revision SHA --health Healthy --sync Synced --timeout 5m}: what CI
 * runs after committing. It follows the live feed (no polling): the snapshot says where the app is,
 * each change is judged by {@link WaitCondition} as it comes.
 */
@Command(
    name = "wait",
    description = {
      "Wait until the app is at a revision with the given health and sync status,",
      "following the live feed. Exit code 0: reached; 1: Degraded or the sync failed;",
      "4: no such app (or deleted while waiting); 5: timed out."
    },
    mixinStandardHelpOptions = true)
public final class AppWait extends ApiCommand {
  private static final Set<String> HEALTH =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown", "any");
  private static final Set<String> SYNC = Set.of("Synced", "OutOfSync", "Unknown", "any");

  @Parameters(paramLabel = "APP", description = "APP or TENANT/APP.")
  String app;

  @Option(
      names = "--revision",
      paramLabel = "SHA",
      description = "The commit to wait for (7 to 40 hex digits; default: any).")
  String revision;

  @Option(
      names = "--health",
      defaultValue = "Healthy",
      description = "Health to wait for, or 'any' (default: ${DEFAULT-VALUE}).")
  String health;

  @Option(
      names = "--sync",
      defaultValue = "Synced",
      description = "Sync status to wait for, or 'any' (default: ${DEFAULT-VALUE}).")
  String sync;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Give up after this long, exit 5 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    WaitCondition condition = condition();
    Session session = session();
    Session.AppRef ref = session.app(app);
    session.api().get(ref.path()); // a missing app or a bad token fails here, clearly
    Instant deadline = Instant.now().plus(timeout);
    AppState[] last = {null};
    Printer printer = printer();
    Optional<Integer> exit =
        FeedFollower.follow(
            session.api(),
            ref.tenant(),
            ref.app(),
            deadline,
            message -> judge(message, condition, ref, last, printer));
    return exit.orElseThrow(
        () ->
            new CliException(
                Exit.TIMEOUT,
                "timed out after "
                    + timeout.toString().substring(2).toLowerCase()
                    + " waiting for "
                    + ref
                    + " ("
                    + condition.describe()
                    + "); last seen: "
                    + (last[0] == null ? "nothing" : last[0].summary())));
  }

  private static Optional<Integer> judge(
      JsonNode message,
      WaitCondition condition,
      Session.AppRef ref,
      AppState[] last,
      Printer printer) {
    String type = message.path("type").asText();
    if ("deleted".equals(type)) {
      throw new CliException(Exit.NOT_FOUND, ref + " was deleted while waiting");
    }
    if (!"app".equals(type) && !"change".equals(type)) {
      return Optional.empty();
    }
    AppState state = AppState.ofFeed(message);
    last[0] = state;
    Verdict verdict = condition.judge(state);
    if (verdict instanceof Verdict.Failed f) {
      throw new CliException(Exit.FAILED, ref + ": " + f.reason());
    }
    if (verdict instanceof Verdict.Met) {
      printer.print(message, out -> out.println(Terminal.oneLine(ref + ": " + state.summary())));
      return Optional.of(Exit.OK);
    }
    return Optional.empty();
  }

  private WaitCondition condition() {
    if (revision != null && !revision.matches("[0-9a-fA-F]{7,40}")) {
      throw CliException.usage("--revision " + revision + " is not a commit SHA (7 to 40 hex)");
    }
    if (!HEALTH.contains(health)) {
      throw CliException.usage("--health " + health + " is not one of " + HEALTH);
    }
    if (!SYNC.contains(sync)) {
      throw CliException.usage("--sync " + sync + " is not one of " + SYNC);
    }
    return new WaitCondition(
        revision, "any".equals(health) ? null : health, "any".equals(sync) ? null : sync);
  }
}
