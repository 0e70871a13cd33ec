package io.gitops.gateway.health;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;

/** Short constructors, so each kind's rules read like the table they implement. */
final class Verdicts {
  private Verdicts() {}

  static HealthResult healthy(String message) {
    return new HealthResult(HealthStatus.HEALTHY, message);
  }

  static HealthResult progressing(String message) {
    return new HealthResult(HealthStatus.PROGRESSING, message);
  }

  static HealthResult degraded(String message) {
    return new HealthResult(HealthStatus.DEGRADED, message);
  }

  static HealthResult suspended(String message) {
    return new HealthResult(HealthStatus.SUSPENDED, message);
  }

  static HealthResult unknown(String message) {
    return new HealthResult(HealthStatus.UNKNOWN, message);
  }
}
