package io.gitops.gateway.render;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** Plain manifests: every .yaml, .yml and .json file below a directory, in path order. */
final class DirectorySource {
  private DirectorySource() {}

  static List<SourcedObject> render(RenderContext ctx, String dir, DirectoryOptions options) throws RenderException {
    List<PathMatcher> include = matchers(options.include());
    List<PathMatcher> exclude = matchers(options.exclude());
    List<SourcedObject> objects = new ArrayList<>();
    for (String file : manifestFiles(ctx.files, dir, options.recursive())) {
      String relative = RepoPaths.relativeTo(dir, file);
      if ((include.isEmpty() || matches(include, relative)) && !matches(exclude, relative)) {
        objects.addAll(ctx.readObjects(file));
      }
    }
    return objects;
  }

  /** Manifest files below {@code dir}, sorted; only direct children when not recursive. */
  static List<String> manifestFiles(RepoFiles files, String dir, boolean recursive) {
    List<String> out = new ArrayList<>();
    for (String file : files.list(dir)) {
      String relative = RepoPaths.relativeTo(dir, file);
      if (isManifest(file) && (recursive || !relative.contains("/"))) {
        out.add(file);
      }
    }
    out.sort(null);
    return out;
  }

  static boolean isManifest(String file) {
    return file.endsWith(".yaml") || file.endsWith(".yml") || file.endsWith(".json");
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String glob : globs) {
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
    return out;
  }

  /** A glob without '/' also matches the file name alone, so "*.yaml" works in subdirectories. */
  private static boolean matches(List<PathMatcher> matchers, String relative) {
    Path path = Path.of(relative);
    Path name = path.getFileName();
    for (PathMatcher matcher : matchers) {
      if (matcher.matches(path) || matcher.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
