package io.gitops.cli;

import io.gitops.cli.commands.ClusterCommand;
import io.gitops.cli.commands.ContextCommand;
import io.gitops.cli.commands.LoginCommand;
import io.gitops.cli.commands.TokenCommand;
import io.gitops.cli.commands.app.AppCommand;
import io.gitops.cli.commands.appset.AppSetCommand;
import io.gitops.cli.commands.env.EnvCommand;
import io.gitops.cli.output.Terminal;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gitops}: the command-line client of the GitOps gateway. A new command group (e.g. app
 * sets, environments) is one class listed in {@code subcommands} below.
 */
@Command(
    name = "gitops",
    description = "Command-line client of the GitOps gateway (docs/cli.md).",
    mixinStandardHelpOptions = true,
    versionProvider = GitopsCli.Version.class,
    subcommands = {
      LoginCommand.class,
      ContextCommand.class,
      AppCommand.class,
      AppSetCommand.class,
      EnvCommand.class,
      ClusterCommand.class,
      TokenCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failed condition (Degraded, sync failed, drift), 2 usage,",
      "3 auth, 4 not found, 5 timeout, 6 gateway unreachable."
    })
public final class GitopsCli {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new GitopsCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof CliException c) {
            command.getErr().println("error: " + Terminal.oneLine(c.getMessage()));
            return c.exitCode();
          }
          command.getErr().println("error: unexpected " + e);
          return Exit.FAILED;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine command = e.getCommandLine();
          PrintWriter err = command.getErr();
          err.println("error: " + e.getMessage());
          err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
          return Exit.USAGE;
        });
    // GenerateCompletion is hidden by default; it is documented in docs/cli.md.
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return cli;
  }

  /** The version from the jar's manifest (the Maven project version). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GitopsCli.class.getPackage().getImplementationVersion();
      return new String[] {"gitops " + (v == null ? "(development build)" : v)};
    }
  }
}
