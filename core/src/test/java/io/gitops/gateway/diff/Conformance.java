package io.gitops.gateway.diff;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shared conformance corpus (../shared/conformance, see its README): read in place, never
 * copied. Tests are skipped with a message naming the folder when it is absent.
 */
public final class Conformance {
  public static final Path ROOT =
      Path.of(System.getProperty("gitops.root", ".."), "..", "shared", "conformance");

  private Conformance() {}

  /** The non-comment rows of a folder's expected.tsv, split on tabs. */
  public static List<String[]> rows(String folder) {
    Path table = ROOT.resolve(folder).resolve("expected.tsv");
    if (!Files.isRegularFile(table)) {
      return List.of();
    }
    try {
      return Files.readAllLines(table).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void assumePresent(String folder) {
    Path table = ROOT.resolve(folder).resolve("expected.tsv");
    assumeTrue(
        Files.isRegularFile(table),
        "conformance corpus not found at "
            + table.toAbsolutePath().normalize()
            + ": skipped (CI has it)");
  }
}
