package io.gitops.gateway.model;

import java.util.Objects;

public record HealthResult(HealthStatus status, String message) {
  public HealthResult {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
  }

  public static HealthResult healthy() {
    return new HealthResult(HealthStatus.HEALTHY, "");
  }
}
