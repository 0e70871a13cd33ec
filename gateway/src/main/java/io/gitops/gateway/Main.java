package io.gitops.gateway;

import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point. {@code serve} runs from configuration; {@code demo} lives in the demo's jar ({@code
 * DemoMain}, which hands every other command to this class). Any failure to start is one line on
 * stderr and a non-zero exit, never a stack trace.
 */
public final class Main {
  static final int EXIT_CONFIG = 2;
  static final int EXIT_START = 1;

  private Main() {}

  public static void main(String[] args) {
    launch(args, Main::run);
  }

  /**
   * The commands of one jar: the server's ({@link #run}) or the demo's, which adds {@code demo}.
   */
  interface Commands {
    Runner run(String[] args, Map<String, String> env, PrintStream out, PrintStream err);
  }

  /** Runs a command and keeps the process up while it runs, stopping it on exit. */
  static void launch(String[] args, Commands commands) {
    configureLogging();
    System.setProperty(
        "vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
    Runner runner = commands.run(args, System.getenv(), System.out, System.err);
    if (runner.exitCode() != 0) {
      System.exit(runner.exitCode());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(runner::stop, "gateway-shutdown"));
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return; // the operator's own logging configuration wins
    }
    try (var in = Main.class.getResourceAsStream("/logging.properties")) {
      java.util.logging.LogManager.getLogManager().readConfiguration(in);
    } catch (java.io.IOException e) {
      System.err.println(
          "gitops-gateway: default logging configuration unreadable: " + e.getMessage());
    }
  }

  /** Parses the arguments and starts; returns the exit code (0: running) and a way to stop. */
  static Runner run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    try {
      return switch (command) {
        case "demo" -> {
          err.println(
              "gitops-gateway: the demo is not part of the server's jar: run java -jar gitops-gateway-demo.jar demo"
                  + " (built by mvn -B package into demo/target)");
          yield Runner.exited(EXIT_CONFIG);
        }
        case "serve" -> {
          GatewayConfig config = ConfigLoader.load(configPath(rest, env), env);
          yield Runner.start(() -> Launcher.start(config, out), err);
        }
        case "check-health-scripts" -> Runner.exited(HealthScriptsCommand.run(rest, out, err));
        case "check-tenants" -> Runner.exited(TenantsCommand.run(rest, out, err));
        default -> {
          err.println(usage());
          yield Runner.exited(command.equals("help") || command.equals("--help") ? 0 : EXIT_CONFIG);
        }
      };
    } catch (ConfigException e) {
      err.println("gitops-gateway: configuration error: " + e.getMessage());
      return Runner.exited(EXIT_CONFIG);
    }
  }

  static Runner.Stoppable closer(AutoCloseable running) {
    return () -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("gitops-gateway: stopped with an error: " + Runner.oneLine(e));
      }
    };
  }

  private static Path configPath(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--config")) {
        return Path.of(args[i + 1]);
      }
    }
    return Path.of(env.getOrDefault("GATEWAY_CONFIG", "gateway.yaml"));
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: gitops-gateway demo [--port 8080] [--data-dir demo-data]   (gitops-gateway-demo.jar only)",
        "       gitops-gateway serve [--config gateway.yaml]   (or GATEWAY_CONFIG; GATEWAY_* variables override keys)",
        "       gitops-gateway check-health-scripts FOLDER",
        "       gitops-gateway check-tenants FOLDER");
  }
}
