package io.gitops.gateway.model;

/**
 * Argo CD's health words. The declaration order is the aggregation order of an app: the first
 * present among its objects wins (Degraded is worse than Missing, and so on).
 */
public enum HealthStatus {
  DEGRADED("Degraded"),
  MISSING("Missing"),
  UNKNOWN("Unknown"),
  PROGRESSING("Progressing"),
  SUSPENDED("Suspended"),
  HEALTHY("Healthy");

  private final String label;

  HealthStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static HealthStatus fromLabel(String label) {
    for (HealthStatus s : values()) {
      if (s.label.equalsIgnoreCase(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown health status '" + label + "'");
  }

  public boolean worseThan(HealthStatus other) {
    return ordinal() < other.ordinal();
  }
}
