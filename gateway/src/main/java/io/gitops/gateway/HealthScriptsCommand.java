package io.gitops.gateway;

import io.gitops.gateway.health.lua.HealthScriptCheck;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code check-health-scripts FOLDER}: runs every health_test.yaml case of a script folder. */
final class HealthScriptsCommand {
  private HealthScriptsCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1) {
      err.println("usage: gitops-gateway check-health-scripts FOLDER");
      return Main.EXIT_CONFIG;
    }
    return HealthScriptCheck.run(Path.of(args[0]), out);
  }
}
