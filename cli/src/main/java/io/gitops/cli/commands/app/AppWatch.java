package io.gitops.cli.commands.app;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.client.FeedFollower;
import io.gitops.cli.commands.ApiCommand;
import io.gitops.cli.commands.DurationConverter;
import io.gitops.cli.commands.Session;
import io.gitops.cli.output.Format;
import io.gitops.cli.output.Printer;
import io.gitops.cli.output.Terminal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops app watch [APP]}: the live feed as lines (table), JSON lines or YAML documents,
 * until interrupted or {@code --timeout}.
 */
@Command(
    name = "watch",
    description = {
      "Stream the status of one app (or all of the tenant's) from the live feed:",
      "the current state first, then every change. -o json: one JSON object per line."
    },
    mixinStandardHelpOptions = true)
public final class AppWatch extends ApiCommand {
  private static final Duration FOREVER = Duration.ofDays(365 * 100);
  private static final String ROW = "%-32s %-10s %-12s %-12s %-10s %s%n";

  @Parameters(arity = "0..1", paramLabel = "APP", description = "APP or TENANT/APP (default: all).")
  String app;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description = "Stop after this long, exit 0 (default: never).")
  Duration timeout;

  @Override
  public Integer call() {
    Session session = session();
    String tenant;
    String name = null;
    if (app == null) {
      tenant = session.tenant();
    } else {
      Session.AppRef ref = session.app(app);
      session.api().get(ref.path());
      tenant = ref.tenant();
      name = ref.app();
    }
    Printer printer = printer();
    if (printer.format() == Format.TABLE) {
      printer.out().printf(ROW, "APP", "SYNC", "HEALTH", "REVISION", "OPERATION", "MESSAGE");
    }
    Instant deadline = Instant.now().plus(timeout == null ? FOREVER : timeout);
    return FeedFollower.follow(session.api(), tenant, name, deadline, m -> print(m, printer))
        .orElse(0);
  }

  private static Optional<Integer> print(JsonNode m, Printer printer) {
    String type = text(m, "type");
    if (!"app".equals(type) && !"change".equals(type) && !"deleted".equals(type)) {
      return Optional.empty();
    }
    printer.printEvent(
        m,
        out ->
            out.printf(
                ROW,
                Terminal.oneLine(text(m, "tenant") + "/" + text(m, "app")),
                "deleted".equals(type) ? "(deleted)" : Terminal.oneLine(text(m, "sync")),
                Terminal.oneLine(text(m, "health")),
                Terminal.oneLine(AppViews.shortRevision(text(m, "revision"))),
                Terminal.oneLine(text(m, "operation", "phase")),
                Terminal.oneLine(text(m, "message"))));
    return Optional.empty();
  }
}
