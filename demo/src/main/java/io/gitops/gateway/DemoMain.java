package io.gitops.gateway;

import io.gitops.gateway.demo.DemoMode;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The demo jar's entry point: {@code demo} runs everything in the process; every other command is
 * the server's own ({@link Main}), so this jar does all the server's jar does and the demo besides.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    Main.launch(args, DemoMain::run);
  }

  static Runner run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("demo")) {
      return Main.run(args, env, out, err);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return Runner.start(
        () -> Main.closer(DemoMode.start(DemoMode.Options.parse(rest, env), out)), err);
  }
}
