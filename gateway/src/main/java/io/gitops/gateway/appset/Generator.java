package io.gitops.gateway.appset;

import java.util.List;
import java.util.Map;

/**
 * Where an app set's parameter sets come from (Argo CD's ApplicationSet generators): each yields a
 * list of parameter maps, one per app to generate.
 */
public sealed interface Generator {
  /** Fixed elements; each element's keys are its parameters. */
  record ListOf(List<Map<String, String>> elements) implements Generator {}

  /**
   * Every registered cluster whose labels include all of {@code matchLabels} (empty: every
   * cluster); parameters {@code cluster}, {@code name} and {@code labels.<key>}.
   */
  record Clusters(Map<String, String> matchLabels) implements Generator {}

  /**
   * The directories of a Git repository at {@code revision} matching an included glob and no
   * excluded one; parameters {@code path}, {@code path.basename}, {@code path.basenameNormalized}.
   */
  record GitDirectories(String repoUrl, String revision, List<DirectoryGlob> directories)
      implements Generator {}

  /** Every combination of one parameter set of {@code first} and one of {@code second}. */
  record Matrix(Generator first, Generator second) implements Generator {}

  /** One entry of a Git directories generator. */
  record DirectoryGlob(String path, boolean exclude) {}
}
