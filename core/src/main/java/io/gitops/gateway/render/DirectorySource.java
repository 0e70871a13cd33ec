package io.gitops.gateway.render;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Plain manifests: every .yaml, .yml and .json file below a directory, in path order. */
final class DirectorySource {
  private DirectorySource() {}

  static List<SourcedObject> render(RenderContext ctx, String dir, DirectoryOptions options)
      throws RenderException {
    List<Pattern> include = matchers(options.include());
    List<Pattern> exclude = matchers(options.exclude());
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

  /** Linear-time matchers (see {@link Globs}); a bad glob fails the render naming it. */
  private static List<Pattern> matchers(List<String> globs) throws RenderException {
    List<Pattern> out = new ArrayList<>();
    for (String glob : globs) {
      try {
        out.add(Globs.compile(glob));
      } catch (IllegalArgumentException e) {
        throw new RenderException("directory glob '" + glob + "' is not valid: " + e.getMessage());
      }
    }
    return out;
  }

  /** A glob without '/' also matches the file name alone, so "*.yaml" works in subdirectories. */
  private static boolean matches(List<Pattern> matchers, String relative) {
    String name = RepoPaths.fileName(relative);
    for (Pattern matcher : matchers) {
      if (matcher.matches(relative) || matcher.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
