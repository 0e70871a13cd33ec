package io.gitops.gateway.health.lua;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the {@code health.lua} files of a folder in Argo CD's layout. Paths are relative and use
 * '/', whatever the platform. Entries whose name starts with ".." are skipped: a Kubernetes
 * ConfigMap volume keeps its real files under "..data" and links them from the top, and each file
 * must be seen once. Scripts at any other depth (Argo CD's actions, for example) are not health
 * scripts and are left alone.
 */
final class ScriptFolder {
  static final String SCRIPT = "health.lua";

  private ScriptFolder() {}

  /** Relative script path to source text, sorted; empty if the folder does not exist. */
  static Optional<Map<String, String>> read(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder, 3, FileVisitOption.FOLLOW_LINKS)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = relative(folder, file);
        if (file.getFileName().toString().equals(SCRIPT)
            && pattern(relative).isPresent()
            && Files.isRegularFile(file)) {
          // lenient decoding: a stray byte must not stop the folder from loading
          sources.put(relative, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.of(sources);
  }

  static String relative(Path folder, Path file) {
    return folder.relativize(file).toString().replace('\\', '/');
  }

  /** The objects a script at this relative path is for; empty for paths outside the layout. */
  static Optional<ScriptPattern> pattern(String relativePath) {
    String[] parts = relativePath.split("/");
    for (String part : parts) {
      if (part.startsWith("..")) {
        return Optional.empty();
      }
    }
    return switch (parts.length) {
      case 2 -> Optional.of(new ScriptPattern("", parts[0]));
      case 3 -> Optional.of(new ScriptPattern(parts[0], parts[1]));
      default -> Optional.empty();
    };
  }
}
