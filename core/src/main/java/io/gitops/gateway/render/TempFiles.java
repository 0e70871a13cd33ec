package io.gitops.gateway.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies a repository subtree to disk for tools that need real files, and cleans it up. */
final class TempFiles {
  private TempFiles() {}

  /**
   * Writes every regular file below {@code repoDir} into {@code target}; returns {@code target}.
   */
  static Path materialise(RenderContext ctx, String repoDir, Path target)
      throws IOException, RenderException {
    Files.createDirectories(target);
    for (String file : ctx.files.list(repoDir)) {
      // RepoPaths keeps names inside the repository; resolve+normalize keeps them inside target.
      Path out = target.resolve(RepoPaths.relativeTo(repoDir, file)).normalize();
      if (!out.startsWith(target)) {
        throw new RenderException(
            "file '" + file + "' would be written outside the chart directory");
      }
      Files.createDirectories(out.getParent());
      Files.write(out, ctx.read(file));
    }
    return target;
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a leftover temp directory is harmless and the OS cleans /tmp.
    }
  }
}
