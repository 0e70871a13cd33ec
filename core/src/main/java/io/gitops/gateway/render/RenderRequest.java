package io.gitops.gateway.render;

/**
 * What to render: a path inside the repository ("" or "." is the root), the source type (null means
 * detect it from the files) and per-type options (null means defaults). Being a record of records,
 * it is a proper cache key part.
 */
public record RenderRequest(
    String path, SourceType type, DirectoryOptions directory, HelmOptions helm) {

  public RenderRequest {
    path = path == null ? "" : path;
    directory = directory == null ? DirectoryOptions.defaults() : directory;
    helm = helm == null ? HelmOptions.defaults() : helm;
  }

  /** Detects the type and uses default options. */
  public static RenderRequest of(String path) {
    return new RenderRequest(path, null, null, null);
  }
}
