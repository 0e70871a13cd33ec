package io.gitops.cli.output;

/** {@code -o table|json|yaml}. */
public enum Format {
  TABLE,
  JSON,
  YAML
}
