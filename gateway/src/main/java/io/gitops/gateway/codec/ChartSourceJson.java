package io.gitops.gateway.codec;

import io.gitops.gateway.model.AppSpec.SourceType;
import io.gitops.gateway.model.DirectorySpec;
import io.gitops.gateway.render.ChartVersions;

/**
 * The checks of a chart source ({@code source.chart}): a chart name that is one path segment, a
 * version or a range Helm can read, and nothing that only a Git source has.
 */
final class ChartSourceJson {
  private ChartSourceJson() {}

  static void check(
      String chart, String revision, String path, SourceType type, DirectorySpec directory) {
    if (!chart.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}")) {
      throw new InvalidSpecException(
          "source.chart", "must be a chart name (letters, digits, '.', '_', '-')");
    }
    if (path != null && !path.isEmpty() && !path.equals(".")) {
      throw new InvalidSpecException("source.path", "does not go with source.chart");
    }
    if (directory != null || (type != null && type != SourceType.HELM)) {
      throw new InvalidSpecException("source.chart", "a chart always renders as Helm");
    }
    try {
      ChartVersions.check(revision);
    } catch (ChartVersions.InvalidConstraint e) {
      throw new InvalidSpecException("source.targetRevision", e.getMessage());
    }
  }
}
