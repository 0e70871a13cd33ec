package io.gitops.loadtest;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A line every few seconds while a scenario waits: how many apps are still to go. */
final class Progress {
  private final ScheduledExecutorService timer;

  private Progress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static Progress every(Duration period, Feed.Watch watch, Bench b, String what, long t0) {
    ScheduledExecutorService timer = Poll.timer("progress");
    timer.scheduleAtFixedRate(
        () ->
            Bench.log(
                String.format(
                    "%.0f s: %,d apps not yet %s; gateway CPU %.1f s, load average %.1f%s",
                    Bench.seconds(t0),
                    watch.left(),
                    what,
                    b.gatewayCpu(),
                    ProcStats.loadAverage(),
                    b.gateway.isAlive() ? "" : " (GATEWAY EXITED)")),
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return new Progress(timer);
  }

  void stop() {
    timer.shutdownNow();
  }
}
