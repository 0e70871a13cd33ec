package io.gitops.gateway.render;

import java.util.List;

/**
 * Options of a plain directory source. Globs are matched against the file path relative to the
 * app's path ({@code *} within a segment, {@code **} across segments, as in Argo CD's directory
 * include/exclude). An empty include list means every manifest file.
 */
public record DirectoryOptions(boolean recursive, List<String> include, List<String> exclude) {
  public DirectoryOptions {
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
  }

  public static DirectoryOptions defaults() {
    return new DirectoryOptions(true, List.of(), List.of());
  }
}
