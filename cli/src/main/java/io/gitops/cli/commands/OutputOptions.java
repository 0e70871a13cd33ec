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
      completionCandidates = OutputOptions.Formats.class,
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
  Format format;

  /** Lower-case names for completion (the option takes any case). */
  static final class Formats extends java.util.ArrayList<String> {
    Formats() {
      super(java.util.List.of("table", "json", "yaml"));
    }
  }

  public Printer printer() {
    return new Printer(format, System.out);
  }
}
