package io.gitops.gateway.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * A doubling backoff with a cap, and a streak that resets after a quiet spell: the self-heal
 * backoff per app ({@code 2 s, 4 s, … 5 min}) so a controller fighting the gateway cannot cause an
 * apply storm. The streak resets when the last attempt is older than twice the current delay.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private int streak;
  private Instant last;

  Backoff(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  /** How long to wait before the next attempt may run; zero when it may run now. */
  Duration wait(Instant now) {
    if (last == null || quiet(now)) {
      return Duration.ZERO;
    }
    Duration left = current().minus(Duration.between(last, now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  void attempted(Instant now) {
    if (last == null || quiet(now)) {
      streak = 0;
    }
    streak++;
    last = now;
  }

  int streak() {
    return streak;
  }

  /** The delay after the latest attempt. */
  Duration current() {
    if (streak == 0) {
      return Duration.ZERO;
    }
    Duration d = base.multipliedBy(1L << Math.min(streak - 1, 30));
    return d.compareTo(max) > 0 ? max : d;
  }

  private boolean quiet(Instant now) {
    return Duration.between(last, now).compareTo(current().multipliedBy(2)) >= 0;
  }
}
