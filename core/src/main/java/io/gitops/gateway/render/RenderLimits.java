package io.gitops.gateway.render;

/**
 * Bounds that protect the process from hostile or broken repositories. Each is checked before the
 * memory it guards is spent: file sizes from {@link RepoFiles#size} before reading, YAML aliases
 * and nodes while parsing.
 *
 * @param maxFileBytes largest single manifest, values or generator file
 * @param maxObjects most objects in one render
 * @param maxTotalBytes most bytes read from the repository for one render
 * @param maxAliasesPerFile most YAML aliases to collections in one file (SnakeYAML's guard)
 * @param maxNodesPerFile most YAML nodes one file may expand to (guards alias expansion)
 * @param maxKustomizeDepth deepest chain of nested kustomizations
 */
public record RenderLimits(
    long maxFileBytes,
    int maxObjects,
    long maxTotalBytes,
    int maxAliasesPerFile,
    int maxNodesPerFile,
    int maxKustomizeDepth) {

  public static RenderLimits defaults() {
    return new RenderLimits(4L << 20, 10_000, 64L << 20, 50, 1_000_000, 20);
  }
}
