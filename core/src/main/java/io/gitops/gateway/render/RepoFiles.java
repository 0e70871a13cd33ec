package io.gitops.gateway.render;

import java.util.List;
import java.util.Optional;

/**
 * The files of one repository at one commit, read-only. Paths are relative to the repository root
 * with '/' separators and no leading slash. Implemented over a Git tree (source) or a map (tests).
 */
public interface RepoFiles {
  /** Regular files (not symlinks) at or below {@code dir}, recursively; "" is the root. */
  List<String> list(String dir);

  /** Content of a regular file; empty when absent or not a regular file. */
  Optional<byte[]> read(String path);

  /** Target of a symlink as stored in the repository; empty when the path is not a symlink. */
  Optional<String> symlinkTarget(String path);

  /** Size in bytes without reading the content, -1 when absent. */
  long size(String path);
}
