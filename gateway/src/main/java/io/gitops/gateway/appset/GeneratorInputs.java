package io.gitops.gateway.appset;

import java.util.List;
import java.util.Map;

/**
 * What generators read, gathered before generating so that generating is a pure function: the
 * registered clusters with their labels, and the directories of each (repository, revision) a Git
 * generator names.
 */
public record GeneratorInputs(
    Map<String, Map<String, String>> clusters, Map<RepoAt, List<String>> directories) {
  /** A repository at a revision (branch, tag or commit). */
  public record RepoAt(String repoUrl, String revision) {}
}
