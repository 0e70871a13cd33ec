package io.gitops.gateway.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of a Helm source, applied in Argo CD's order: value files (paths relative to the chart
 * directory, inside the repository), then inline {@code values}, then {@code --set} parameters. A
 * null release name means the last segment of the chart path; a null namespace means Helm's
 * default.
 */
public record HelmOptions(
    String releaseName,
    String namespace,
    List<String> valueFiles,
    Map<String, Object> values,
    Map<String, String> parameters) {

  public HelmOptions {
    valueFiles = valueFiles == null ? List.of() : List.copyOf(valueFiles);
    // Insertion order matters for --set parameters; keep it but forbid later mutation.
    values =
        values == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public static HelmOptions defaults() {
    return new HelmOptions(null, null, List.of(), Map.of(), Map.of());
  }
}
