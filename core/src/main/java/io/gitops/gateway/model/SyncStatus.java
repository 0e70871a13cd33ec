package io.gitops.gateway.model;

/** Argo CD's words, so dashboards and people moving over read the same thing. */
public enum SyncStatus {
  SYNCED("Synced"),
  OUT_OF_SYNC("OutOfSync"),
  UNKNOWN("Unknown");

  private final String label;

  SyncStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static SyncStatus fromLabel(String label) {
    for (SyncStatus s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown sync status '" + label + "'");
  }
}
