package io.gitops.cli.commands.app;

import picocli.CommandLine.Command;

/** {@code gitops app …}: one class per subcommand. */
@Command(
    name = "app",
    description = "Applications: list, inspect, sync, roll back, wait for a rollout.",
    mixinStandardHelpOptions = true,
    subcommands = {
      AppList.class,
      AppGet.class,
      AppDiff.class,
      AppHistory.class,
      AppRefresh.class,
      AppSync.class,
      AppRollback.class,
      AppWait.class,
      AppWatch.class,
      AppImport.class
    })
public final class AppCommand {}
