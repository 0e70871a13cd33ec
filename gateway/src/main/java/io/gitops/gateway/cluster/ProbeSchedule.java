package io.gitops.gateway.cluster;

/**
 * When to probe a cluster again: every tick while it answers; after failures only every 2, 4, 8 …
 * ticks, at most {@link #MAX_SKIP} (160 s at the default 10 s tick), so hundreds of dead clusters
 * do not cost a connect timeout each per tick, and one that comes back is found within that wait.
 */
final class ProbeSchedule {
  static final int MAX_SKIP = 16;
  private int failures;
  private int ticksToWait;

  /** Called every tick; true when this tick should probe. */
  synchronized boolean due() {
    if (ticksToWait > 0) {
      ticksToWait--;
      return false;
    }
    return true;
  }

  synchronized void answered(boolean ok) {
    if (ok) {
      failures = 0;
      ticksToWait = 0;
      return;
    }
    failures++;
    ticksToWait = Math.min(MAX_SKIP, 1 << Math.min(failures, 5)) - 1;
  }
}
