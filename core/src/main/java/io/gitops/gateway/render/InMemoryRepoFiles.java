package io.gitops.gateway.render;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Repository files held in memory: for tests, and for callers that already have the blobs. */
public final class InMemoryRepoFiles implements RepoFiles {
  private final TreeMap<String, byte[]> files = new TreeMap<>();
  private final Map<String, String> symlinks;

  /** Text files, UTF-8 encoded; no symlinks. */
  public InMemoryRepoFiles(Map<String, String> files) {
    files.forEach((path, text) -> this.files.put(path, text.getBytes(StandardCharsets.UTF_8)));
    this.symlinks = Map.of();
  }

  public InMemoryRepoFiles(Map<String, byte[]> files, Map<String, String> symlinks) {
    files.forEach((path, bytes) -> this.files.put(path, bytes.clone()));
    this.symlinks = Map.copyOf(symlinks);
  }

  @Override
  public List<String> list(String dir) {
    if (dir.isEmpty()) {
      return List.copyOf(files.keySet());
    }
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    // Sub-map between "dir/" and "dir0" ('0' follows '/'): exactly the paths below dir.
    return List.copyOf(
        files.subMap(prefix, prefix.substring(0, prefix.length() - 1) + "0").keySet());
  }

  @Override
  public Optional<byte[]> read(String path) {
    return Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  @Override
  public Optional<String> symlinkTarget(String path) {
    return Optional.ofNullable(symlinks.get(path));
  }

  @Override
  public long size(String path) {
    byte[] bytes = files.get(path);
    return bytes == null ? -1 : bytes.length;
  }
}
