package io.gitops.gateway;

import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.tenancy.TenantFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check-tenants FOLDER}: the schema check {@code serve} runs at start, as a build step.
 * Every file is judged (one line each: file, field, reason), not only the first bad one, so one run
 * lists all there is to fix; exit 2 when any file is refused, as a bad configuration is.
 */
final class TenantsCommand {
  private TenantsCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1) {
      err.println("usage: gitops-gateway check-tenants FOLDER");
      return Main.EXIT_CONFIG;
    }
    List<TenantFiles.FileResult> results;
    try {
      results = TenantFiles.scan(Path.of(args[0]));
    } catch (ConfigException e) {
      err.println("gitops-gateway: " + e.getMessage());
      return Main.EXIT_CONFIG;
    }
    int refused = 0;
    Map<String, Path> seen = new HashMap<>();
    for (TenantFiles.FileResult r : results) {
      String error = r.error();
      if (error == null && seen.putIfAbsent(r.tenant().id().value(), r.file()) != null) {
        error =
            "name: tenant '"
                + r.tenant().id().value()
                + "' is also defined in "
                + seen.get(r.tenant().id().value());
      }
      if (error != null) {
        err.println(r.file() + ": " + error);
        refused++;
      } else {
        out.println("OK   " + r.file() + " (tenant " + r.tenant().id().value() + ")");
      }
    }
    if (results.isEmpty()) {
      err.println(args[0] + ": no tenant files (*.yaml, *.yml)");
      return Main.EXIT_CONFIG;
    }
    out.println(results.size() - refused + " of " + results.size() + " tenant files valid");
    return refused == 0 ? 0 : Main.EXIT_CONFIG;
  }
}
