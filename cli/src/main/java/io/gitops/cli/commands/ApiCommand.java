package io.gitops.cli.commands;

import io.gitops.cli.output.Printer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that talks to the gateway and prints a result: the shared options. */
public abstract class ApiCommand implements Callable<Integer> {
  @Mixin protected GatewayOptions gateway;
  @Mixin protected OutputOptions output;

  protected Session session() {
    return gateway.session();
  }

  protected Printer printer() {
    return output.printer();
  }
}
