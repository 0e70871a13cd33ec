package io.gitops.cli.commands;

import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import io.gitops.cli.config.CliConfig;
import io.gitops.cli.config.ConfigFile;
import io.gitops.cli.config.Context;
import io.gitops.cli.output.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gitops context list|use|delete}: the config file's contexts. Tokens are never shown. */
@Command(
    name = "context",
    description = "Contexts (gateway, tenant, credentials) in the config file.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ContextCommand.ListContexts.class,
      ContextCommand.Use.class,
      ContextCommand.Delete.class
    })
public final class ContextCommand {
  static ConfigFile file() {
    return ConfigFile.fromEnvironment(System.getenv());
  }

  static Context existing(CliConfig config, String name) {
    return config
        .context(name)
        .orElseThrow(
            () -> new CliException(Exit.NOT_FOUND, "no context " + name + " in " + file().path()));
  }

  @Command(
      name = "list",
      aliases = "ls",
      description = "The contexts; * marks the current one. Tokens are never shown.",
      mixinStandardHelpOptions = true)
  public static final class ListContexts implements Callable<Integer> {
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      CliConfig config = file().read();
      var rows = Json.JSON.createArrayNode();
      for (Context c : config.contexts()) {
        rows.addObject()
            .put("name", c.name())
            .put("current", c.name().equals(config.currentContext()))
            .put("server", c.server())
            .put("tenant", c.tenant())
            .put("issuer", c.issuer())
            .put("loggedIn", c.token() != null);
      }
      output
          .printer()
          .print(
              rows,
              out -> {
                Table table = new Table("CURRENT", "NAME", "SERVER", "TENANT", "LOGGED IN");
                config
                    .contexts()
                    .forEach(
                        c ->
                            table.row(
                                c.name().equals(config.currentContext()) ? "*" : "",
                                c.name(),
                                c.server(),
                                c.tenant(),
                                c.token() != null ? "yes" : "no"));
                table.print(out);
              });
      return 0;
    }
  }

  @Command(
      name = "use",
      description = "Make a context the current one.",
      mixinStandardHelpOptions = true)
  public static final class Use implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      ConfigFile file = file();
      CliConfig config = file.read();
      existing(config, name);
      file.write(config.using(name));
      System.out.println("current context: " + name);
      return 0;
    }
  }

  @Command(
      name = "delete",
      description = "Forget a context and its token.",
      mixinStandardHelpOptions = true)
  public static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      ConfigFile file = file();
      CliConfig config = file.read();
      existing(config, name);
      file.write(config.without(name));
      System.out.println("deleted context " + name);
      return 0;
    }
  }
}
