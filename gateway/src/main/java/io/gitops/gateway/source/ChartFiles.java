package io.gitops.gateway.source;

import io.gitops.gateway.render.InMemoryRepoFiles;
import io.gitops.gateway.render.RepoFiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chart fetched from a Helm repository or an OCI registry, unpacked in memory ({@code
 * chartDir/Chart.yaml}, fetched dependencies as {@code chartDir/charts/NAME-VERSION.tgz}). {@code
 * digest} covers the chart and its dependencies: the render cache's key, as a commit is for Git.
 */
public final class ChartFiles implements RepoFiles {
  private final InMemoryRepoFiles files;
  private final String chartDir;
  private final String digest;

  ChartFiles(Map<String, byte[]> files, String chartDir, String digest) {
    this.files = new InMemoryRepoFiles(files, Map.of());
    this.chartDir = chartDir;
    this.digest = digest;
  }

  /** The chart's folder in these files (its name). */
  public String chartDir() {
    return chartDir;
  }

  public String digest() {
    return digest;
  }

  @Override
  public List<String> list(String dir) {
    return files.list(dir);
  }

  @Override
  public Optional<byte[]> read(String path) {
    return files.read(path);
  }

  @Override
  public Optional<String> symlinkTarget(String path) {
    return files.symlinkTarget(path);
  }

  @Override
  public long size(String path) {
    return files.size(path);
  }
}
