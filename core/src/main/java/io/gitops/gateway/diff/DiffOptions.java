package io.gitops.gateway.diff;

import java.util.List;

/**
 * Per-app comparison settings. {@code fieldManager} is the server-side-apply manager name the
 * gateway applies with: the fields it owns in a live object's managedFields are the ones it applied
 * before.
 */
public record DiffOptions(List<IgnoreRule> ignoreDifferences, String fieldManager) {
  public static final String DEFAULT_FIELD_MANAGER = "gitops-gateway";

  public DiffOptions {
    ignoreDifferences = ignoreDifferences == null ? List.of() : List.copyOf(ignoreDifferences);
    fieldManager =
        fieldManager == null || fieldManager.isBlank() ? DEFAULT_FIELD_MANAGER : fieldManager;
  }

  public static DiffOptions defaults() {
    return new DiffOptions(List.of(), DEFAULT_FIELD_MANAGER);
  }

  public DiffOptions withIgnore(IgnoreRule rule) {
    var rules = new java.util.ArrayList<>(ignoreDifferences);
    rules.add(rule);
    return new DiffOptions(rules, fieldManager);
  }
}
