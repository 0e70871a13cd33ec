package io.gitops.gateway.render;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path arithmetic that never leaves the repository. Every path a render touches (the app path,
 * kustomize resources, Helm value files) goes through {@link #resolve}, which refuses absolute
 * paths, {@code ..} above the root and symlinks whose target lies outside.
 */
final class RepoPaths {
  private static final int MAX_SYMLINK_HOPS = 40;

  private RepoPaths() {}

  /** Joins {@code relative} onto directory {@code base} and normalises; refuses escapes. */
  static String join(String base, String relative) throws RenderException {
    if (relative.startsWith("/") || relative.matches("^[A-Za-z]:[\\\\/].*")) {
      throw new RenderException(
          "path '" + relative + "' is absolute; only paths inside the repository are allowed");
    }
    return normalize(base.isEmpty() ? relative : base + "/" + relative, relative);
  }

  /** The normalised form of a path given by the user, relative to the repository root. */
  static String normalize(String path) throws RenderException {
    if (path.startsWith("/")) {
      throw new RenderException(
          "path '" + path + "' is absolute; only paths inside the repository are allowed");
    }
    return normalize(path, path);
  }

  private static String normalize(String path, String shownAs) throws RenderException {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new RenderException("path '" + shownAs + "' escapes the repository");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  /**
   * Follows symlinks in every segment of a normalised path, so that {@code a/link/b} where {@code
   * link -> ../../etc} is refused, and {@code link -> ../shared} inside the repo works.
   */
  static String resolve(RepoFiles files, String path) throws RenderException {
    String current = path;
    int hops = 0;
    boolean changed = true;
    while (changed) {
      changed = false;
      String[] parts = current.isEmpty() ? new String[0] : current.split("/");
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        String parent = prefix.toString();
        if (prefix.length() > 0) {
          prefix.append('/');
        }
        prefix.append(parts[i]);
        var target = files.symlinkTarget(prefix.toString());
        if (target.isEmpty()) {
          continue;
        }
        if (++hops > MAX_SYMLINK_HOPS) {
          throw new RenderException("too many symlinks while resolving '" + path + "'");
        }
        String linkTarget = target.get();
        if (linkTarget.startsWith("/")) {
          throw new RenderException(
              "symlink '"
                  + prefix
                  + "' points to absolute path '"
                  + linkTarget
                  + "' outside the repository");
        }
        String resolvedLink;
        try {
          resolvedLink =
              normalize(parent.isEmpty() ? linkTarget : parent + "/" + linkTarget, linkTarget);
        } catch (RenderException e) {
          throw new RenderException(
              "symlink '" + prefix + "' points to '" + linkTarget + "' outside the repository");
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
        current =
            rest.isEmpty()
                ? resolvedLink
                : (resolvedLink.isEmpty() ? rest : resolvedLink + "/" + rest);
        changed = true;
        break;
      }
    }
    return current;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Path of {@code path} relative to directory {@code dir} (which contains it). */
  static String relativeTo(String dir, String path) {
    return dir.isEmpty() ? path : path.substring(dir.length() + 1);
  }
}
