package io.gitops.gateway.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which sync window blocks a sync now, and the first moment a sync may run again: what the app
 * status says, and when the gateway looks again (one timer, not a poll). Pure; times in UTC, to the
 * minute like the cron schedules themselves.
 */
public final class SyncWindowCheck {
  /** How far ahead the next opening is searched: a week and a day covers weekly schedules. */
  static final Duration HORIZON = Duration.ofDays(8);

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

  private SyncWindowCheck() {}

  /**
   * @param window the window that blocks: an open deny window, or (allow windows only) the allow
   *     window that opens first
   * @param until the first moment a sync is allowed again; null when none within {@link #HORIZON}
   */
  public record Blocked(SyncWindow window, Instant until, Instant at) {
    /** "sync window 'deny 0 22 * * * 8h' blocks automated sync until 06:00 UTC". */
    public String message(String what) {
      String when =
          until == null
              ? "for more than " + HORIZON.toDays() + " days"
              : "until " + format(until, at);
      return window.kind() == SyncWindow.Kind.DENY
          ? "sync window '" + describe(window) + "' blocks " + what + " " + when
          : "outside sync window '" + describe(window) + "': " + what + " blocked " + when;
    }

    /** How long until a sync may run; {@link #HORIZON} when it is not known. */
    public Duration opensIn() {
      return until == null ? HORIZON : Duration.between(at, until);
    }
  }

  /** Empty if the sync may run at {@code at}; else the window that blocks it and until when. */
  public static Optional<Blocked> blocking(
      List<SyncWindow> windows, String cluster, Instant at, boolean manual) {
    if (windows.isEmpty() || SyncWindow.syncAllowed(windows, cluster, at, manual)) {
      return Optional.empty();
    }
    List<SyncWindow> applying = windows.stream().filter(w -> w.appliesTo(cluster)).toList();
    SyncWindow culprit =
        applying.stream()
            .filter(
                w ->
                    w.kind() == SyncWindow.Kind.DENY
                        && w.isOpenAt(at)
                        && !(manual && w.manualSync()))
            .findFirst()
            .orElse(null);
    Instant until = nextAllowed(applying, at, manual);
    if (culprit == null) {
      culprit =
          applying.stream()
              .filter(w -> w.kind() == SyncWindow.Kind.ALLOW)
              .filter(w -> until != null && w.isOpenAt(until))
              .findFirst()
              .orElseGet(
                  () ->
                      applying.stream()
                          .filter(w -> w.kind() == SyncWindow.Kind.ALLOW)
                          .findFirst()
                          .orElseThrow());
    }
    return Optional.of(new Blocked(culprit, until, at));
  }

  /** "deny 0 22 * * * 8h": the window as a tenant file writes it. */
  public static String describe(SyncWindow w) {
    return w.kind().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + w.schedule()
        + " "
        + duration(w.duration());
  }

  /** The open intervals of one window, [start, end), that touch [from, to]. */
  private record Interval(Instant start, Instant end) {
    boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  /**
   * Allowed-ness changes only where a window opens or closes, so the first allowed moment is one of
   * those edges (or now): collect each applying window's intervals, test the edges in order.
   */
  private static Instant nextAllowed(List<SyncWindow> applying, Instant at, boolean manual) {
    List<Interval> deny = new ArrayList<>();
    List<Interval> allow = new ArrayList<>();
    boolean allowsAlways =
        !applying.stream().anyMatch(w -> w.kind() == SyncWindow.Kind.ALLOW)
            || manual
                && applying.stream()
                    .anyMatch(w -> w.kind() == SyncWindow.Kind.ALLOW && w.manualSync());
    TreeSet<Instant> edges = new TreeSet<>();
    edges.add(at);
    for (SyncWindow w : applying) {
      if (w.kind() == SyncWindow.Kind.DENY && manual && w.manualSync()) {
        continue;
      }
      List<Interval> into = w.kind() == SyncWindow.Kind.DENY ? deny : allow;
      for (Interval i : intervals(w, at)) {
        into.add(i);
        edges.add(i.start());
        edges.add(i.end());
      }
    }
    for (Instant t : edges.tailSet(at, true)) {
      boolean denied = deny.stream().anyMatch(i -> i.contains(t));
      if (!denied && (allowsAlways || allow.stream().anyMatch(i -> i.contains(t)))) {
        return t;
      }
    }
    return null;
  }

  private static List<Interval> intervals(SyncWindow w, Instant at) {
    CronSchedule cron = CronSchedule.parse(w.schedule());
    long span = Math.max(1, w.duration().toMinutes());
    ZonedDateTime minute =
        at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).minusMinutes(span - 1);
    long minutes = span - 1 + HORIZON.toMinutes();
    List<Interval> out = new ArrayList<>();
    for (long i = 0; i <= minutes; i++, minute = minute.plusMinutes(1)) {
      if (cron.matches(minute)) {
        Instant start = minute.toInstant();
        out.add(new Interval(start, start.plus(Duration.ofMinutes(span))));
      }
    }
    return out;
  }

  private static String format(Instant until, Instant at) {
    ZonedDateTime t = until.atZone(ZoneOffset.UTC);
    return Duration.between(at, until).compareTo(Duration.ofHours(24)) < 0
        ? TIME.format(t)
        : DATE_TIME.format(t);
  }

  private static String duration(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
