package io.gitops.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints a command's result: JSON and YAML as the gateway sent it (so a script can parse it back),
 * a table drawn by the command otherwise.
 */
public final class Printer {
  private final Format format;
  private final PrintStream out;

  public Printer(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  public Format format() {
    return format;
  }

  public PrintStream out() {
    return out;
  }

  /** {@code value} as JSON or YAML, or what {@code table} prints for the table format. */
  public void print(JsonNode value, Consumer<PrintStream> table) {
    switch (format) {
      case JSON -> out.println(json(value));
      case YAML -> out.print(yaml(value));
      case TABLE -> table.accept(out);
    }
    out.flush();
  }

  /** One item of a stream: a JSON line, a YAML document, or what {@code table} prints. */
  public void printEvent(JsonNode value, Consumer<PrintStream> table) {
    switch (format) {
      case JSON -> out.println(value.toString());
      case YAML -> out.print("---\n" + yaml(value));
      case TABLE -> table.accept(out);
    }
    out.flush();
  }

  private static String json(JsonNode value) {
    try {
      return Json.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new CliException(Exit.FAILED, "cannot print JSON: " + e.getOriginalMessage());
    }
  }

  private static String yaml(JsonNode value) {
    try {
      return Json.YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new CliException(Exit.FAILED, "cannot print YAML: " + e.getOriginalMessage());
    }
  }
}
