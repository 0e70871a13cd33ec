package io.gitops.gateway.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A time window in which syncs are allowed or denied, in Argo CD's form: a five-field cron {@code
 * schedule} that opens the window, its {@code duration}, the cluster globs it applies to (empty:
 * all) and whether a manual sync may still run in a deny window. Parsed and validated here; {@link
 * #syncAllowed} answers the sync side's question (times in UTC).
 */
public record SyncWindow(
    Kind kind, String schedule, Duration duration, List<String> clusters, boolean manualSync) {
  public enum Kind {
    ALLOW,
    DENY
  }

  public SyncWindow {
    clusters = List.copyOf(clusters);
  }

  /**
   * True if the window is open at {@code at} (in UTC): the schedule fired within the last {@code
   * duration}.
   */
  public boolean isOpenAt(Instant at) {
    CronSchedule cron = CronSchedule.parse(schedule);
    ZonedDateTime minute = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    long span = Math.max(1, duration.toMinutes());
    for (long back = 0; back < span; back++) {
      if (cron.matches(minute.minusMinutes(back))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Argo CD's rule for whether a sync may run now on {@code cluster}: denied if an applicable deny
   * window is open (unless it is a manual sync and that window allows manual syncs), or if allow
   * windows apply and none is open.
   */
  public static boolean syncAllowed(
      List<SyncWindow> windows, String cluster, Instant at, boolean manual) {
    boolean anyAllow = false;
    boolean allowOpen = false;
    for (SyncWindow w : windows) {
      if (!w.appliesTo(cluster)) {
        continue;
      }
      boolean open = w.isOpenAt(at);
      if (w.kind() == Kind.DENY && open && !(manual && w.manualSync())) {
        return false;
      }
      if (w.kind() == Kind.ALLOW) {
        anyAllow = true;
        allowOpen |= open;
      }
    }
    return !anyAllow
        || allowOpen
        || manual
            && windows.stream()
                .anyMatch(w -> w.kind() == Kind.ALLOW && w.manualSync() && w.appliesTo(cluster));
  }

  public boolean appliesTo(String cluster) {
    return clusters.isEmpty() || clusters.stream().anyMatch(g -> Tenant.Globs.matches(g, cluster));
  }
}
