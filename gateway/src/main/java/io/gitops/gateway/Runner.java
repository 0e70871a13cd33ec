package io.gitops.gateway;

import io.gitops.gateway.config.ConfigException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** A started gateway (or a command that already ended), with its exit code and how to stop it. */
record Runner(int exitCode, Stoppable running) {

  interface Stoppable {
    void stop();
  }

  static Runner exited(int code) {
    return new Runner(code, () -> {});
  }

  /**
   * Starts and waits for the start to finish; a failure prints one line and gives exit code 2 when
   * a setting is wrong (found while starting: a tenant file, a kubeconfig context), else 1.
   */
  static Runner start(Callable<Stoppable> starter, PrintStream err) {
    try {
      return new Runner(0, starter.call());
    } catch (Exception | LinkageError e) {
      err.println("gitops-gateway: cannot start: " + oneLine(e));
      return exited(causedByConfig(e) ? Main.EXIT_CONFIG : Main.EXIT_START);
    }
  }

  private static boolean causedByConfig(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException) {
        return true;
      }
    }
    return false;
  }

  void stop() {
    running.stop();
  }

  static String oneLine(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || t.getMessage() == null)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return msg.replace('\n', ' ').trim();
  }
}
