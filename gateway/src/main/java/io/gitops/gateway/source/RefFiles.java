package io.gitops.gateway.source;

import io.gitops.gateway.render.RepoFiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One source's files with other sources' files mounted at {@code $ref/} (Argo CD's multi-source
 * {@code $values/path} value files). A path under a mount reads only that source's files; nothing
 * outside the mounts changes. {@code identity} names the whole input (main source's digest or
 * commit, each ref's commit): the render cache's key.
 */
public final class RefFiles implements RepoFiles {
  private final RepoFiles main;
  private final Map<String, RepoFiles> refs;
  private final String identity;

  public RefFiles(RepoFiles main, Map<String, RepoFiles> refs, String identity) {
    this.main = main;
    this.refs = Map.copyOf(refs);
    this.identity = identity;
  }

  public RepoFiles main() {
    return main;
  }

  public String identity() {
    return identity;
  }

  private record Routed(RepoFiles files, String path) {}

  private Routed route(String path) {
    if (path.startsWith("$")) {
      int slash = path.indexOf('/');
      RepoFiles ref = slash < 0 ? null : refs.get(path.substring(1, slash));
      return ref == null ? null : new Routed(ref, path.substring(slash + 1));
    }
    return new Routed(main, path);
  }

  @Override
  public List<String> list(String dir) {
    Routed r = route(dir);
    if (r == null || r.files() != main) {
      return List.of(); // a mount is read file by file, never listed (no chart lives there)
    }
    return main.list(dir);
  }

  @Override
  public Optional<byte[]> read(String path) {
    Routed r = route(path);
    return r == null ? Optional.empty() : r.files().read(r.path());
  }

  @Override
  public Optional<String> symlinkTarget(String path) {
    Routed r = route(path);
    return r == null ? Optional.empty() : r.files().symlinkTarget(r.path());
  }

  @Override
  public long size(String path) {
    Routed r = route(path);
    return r == null ? -1 : r.files().size(r.path());
  }
}
