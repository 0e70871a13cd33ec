package io.gitops.gateway.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo CD's {@code spec.source.helm}: value files (relative to the chart, inside the repository),
 * inline values (a YAML mapping, already parsed), then {@code --set} parameters, applied in that
 * order. A null release name means the chart folder's name; a null namespace means the app's
 * destination namespace, as in Argo CD.
 */
public record HelmSpec(
    String releaseName,
    String namespace,
    List<String> valueFiles,
    Map<String, Object> values,
    List<Parameter> parameters) {

  public HelmSpec {
    valueFiles = valueFiles == null ? List.of() : List.copyOf(valueFiles);
    // Plain maps and lists (JSON-like); insertion order kept so the stored form reads as written.
    values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
  }

  /** One {@code --set name=value}; a later parameter of the same name wins, as with Helm. */
  public record Parameter(String name, String value) {
    public Parameter {
      java.util.Objects.requireNonNull(name, "name");
      value = value == null ? "" : value;
    }
  }
}
