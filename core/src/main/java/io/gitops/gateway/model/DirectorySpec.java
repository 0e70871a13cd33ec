package io.gitops.gateway.model;

import java.util.List;

/**
 * Argo CD's {@code spec.source.directory}: globs matched against file paths relative to the app's
 * path ({@code **} crosses folders, {@code {a,b}} alternatives). {@code recurse} null keeps the
 * gateway's default, which is to recurse (Argo CD's default is not to).
 */
public record DirectorySpec(Boolean recurse, List<String> include, List<String> exclude) {
  public DirectorySpec {
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
  }
}
