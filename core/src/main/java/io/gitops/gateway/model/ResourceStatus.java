package io.gitops.gateway.model;

/** One object of an app as last compared: in sync or not, and how healthy. */
public record ResourceStatus(
    ResourceKey key, SyncStatus sync, HealthStatus health, String message) {
  public ResourceStatus {
    message = message == null ? "" : message;
  }
}
