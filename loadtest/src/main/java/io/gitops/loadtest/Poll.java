package io.gitops.loadtest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A check of something outside the harness (PostgreSQL, a replica's readiness) at a fixed, low
 * rate, until it holds: the harness must not take the CPU of the processes it measures.
 */
final class Poll {
  /** A check that may fail (a query); a failure counts as "not yet". */
  interface Check {
    boolean holds() throws Exception;
  }

  private Poll() {}

  /** A timer thread of the harness's own that never keeps it alive. */
  static ScheduledExecutorService timer(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Runs {@code check} every {@code period} until it holds; returns the {@link System#nanoTime()}
   * of the first check that held, or throws {@link TimeoutException} after {@code timeout}.
   */
  static long until(Duration period, Duration timeout, Check check)
      throws InterruptedException, TimeoutException {
    ScheduledExecutorService timer = timer("poll");
    CompletableFuture<Long> held = new CompletableFuture<>();
    try {
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              if (check.holds()) {
                held.complete(System.nanoTime());
              }
            } catch (Exception e) {
              // not yet: the next round asks again
            }
          },
          0,
          period.toMillis(),
          TimeUnit.MILLISECONDS);
      return held.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      timer.shutdownNow();
    }
  }
}
