package io.gitops.gateway.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's top folder (the one holding tenants/ and k8s/), wherever the build runs from.
 */
public final class RepoRoot {
  private RepoRoot() {}

  public static Path find() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("tenants")) && Files.isDirectory(p.resolve("k8s"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no folder with tenants/ and k8s/ above " + Path.of("").toAbsolutePath());
  }
}
