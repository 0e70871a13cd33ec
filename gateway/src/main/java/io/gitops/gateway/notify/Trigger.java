package io.gitops.gateway.notify;

import java.util.Arrays;
import java.util.Optional;

/** What a target can be told about, with the names the API and payloads use. */
public enum Trigger {
  SYNC_SUCCEEDED("sync-succeeded"),
  SYNC_FAILED("sync-failed"),
  HEALTH_DEGRADED("health-degraded"),
  OUT_OF_SYNC("out-of-sync");

  private final String label;

  Trigger(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<Trigger> fromLabel(String label) {
    return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
  }
}
