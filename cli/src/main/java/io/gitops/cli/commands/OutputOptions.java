package io.gitops.cli.commands;

import io.gitops.cli.output.Format;
import io.gitops.cli.output.Printer;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}. */
public final class OutputOptions {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
  Format format;

  public Printer printer() {
    return new Printer(format, System.out);
  }
}
