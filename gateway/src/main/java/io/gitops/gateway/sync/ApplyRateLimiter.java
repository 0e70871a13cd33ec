package io.gitops.gateway.sync;

import io.gitops.gateway.model.ClusterId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Limits writes (applies and deletes) per cluster so one large commit cannot overload an API
 * server: a generic cell rate limiter, {@code ratePerSecond} on average with bursts of {@code
 * burst}. A write over the limit waits on a timer, never on a thread. Lives on the reconcile loop's
 * context.
 */
public final class ApplyRateLimiter {
  private final Vertx vertx;
  private final long intervalNanos;
  private final long burstNanos;
  private final Map<ClusterId, Long> theoreticalArrival = new HashMap<>();

  public ApplyRateLimiter(Vertx vertx, double ratePerSecond, int burst) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("apply rate and burst must be positive");
    }
    this.vertx = vertx;
    this.intervalNanos = (long) (1_000_000_000L / ratePerSecond);
    this.burstNanos = intervalNanos * burst;
  }

  /** Completes when this cluster may take one more write. */
  public Future<Void> acquire(ClusterId cluster) {
    long now = System.nanoTime();
    long tat = Math.max(theoreticalArrival.getOrDefault(cluster, now), now) + intervalNanos;
    theoreticalArrival.put(cluster, tat);
    long wait = tat - now - burstNanos;
    if (wait <= 0) {
      return Future.succeededFuture();
    }
    return vertx.timer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait))).mapEmpty();
  }
}
