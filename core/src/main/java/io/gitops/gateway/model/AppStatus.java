package io.gitops.gateway.model;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last reconcile of one app. {@code revision} is null before the first fetch.
 */
public record AppStatus(
    SyncStatus sync,
    HealthStatus health,
    String healthMessage,
    String revision,
    String message,
    List<ResourceStatus> resources,
    Instant reconciledAt) {

  public AppStatus {
    healthMessage = healthMessage == null ? "" : healthMessage;
    message = message == null ? "" : message;
    resources = List.copyOf(resources);
  }

  public static AppStatus unknown(String message) {
    return new AppStatus(
        SyncStatus.UNKNOWN, HealthStatus.UNKNOWN, "", null, message, List.of(), null);
  }
}
