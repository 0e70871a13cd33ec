package io.gitops.gateway.tenancy;

import java.time.Duration;
import java.util.List;

/**
 * A time window in which syncs are allowed or denied, in Argo CD's form: a five-field cron
 * {@code schedule} that opens the window, its {@code duration}, the cluster globs it applies to
 * (empty: all) and whether a manual sync may still run in a deny window. Parsed and validated here;
 * the sync side decides what an open window means.
 */
public record SyncWindow(Kind kind, String schedule, Duration duration, List<String> clusters, boolean manualSync) {
  public enum Kind { ALLOW, DENY }

  public SyncWindow {
    clusters = List.copyOf(clusters);
  }

  public boolean appliesTo(String cluster) {
    return clusters.isEmpty() || clusters.stream().anyMatch(g -> Tenant.Globs.matches(g, cluster));
  }
}
