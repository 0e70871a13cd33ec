package io.gitops.gateway;

import io.gitops.gateway.metrics.GatewayMetrics;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late each event loop runs a tiny task scheduled on it every {@link #PERIOD}: a loop
 * kept busy by a long task (blocked) runs the probe late by about that long. Vert.x's own
 * blocked-thread checker only logs, and tests take over its one handler; this probe feeds {@code
 * gitops_event_loop_delay_seconds} and {@code gitops_event_loop_blocked_total} for dashboards and
 * the EventLoopBlocked alert. It runs on the Netty loops themselves (fixed delay, so one block is
 * counted once, not caught up on) and stops when Vert.x shuts its loops down.
 */
public final class EventLoopProbe implements Runnable {
  static final Duration PERIOD = Duration.ofMillis(500);

  /** A second late: well under Vert.x's 2 s warning, far over any healthy loop's delay. */
  public static final Duration BLOCKED = Duration.ofSeconds(1);

  private final GatewayMetrics.EventLoopMeters meters;
  private long due;

  private EventLoopProbe(GatewayMetrics.EventLoopMeters meters) {
    this.meters = meters;
  }

  /** Starts one probe on every event loop of {@code vertx}. */
  public static void start(Vertx vertx, GatewayMetrics metrics) {
    int index = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      EventLoopProbe probe = new EventLoopProbe(metrics.eventLoop(Integer.toString(index++)));
      probe.due = System.nanoTime() + PERIOD.toNanos();
      loop.scheduleWithFixedDelay(probe, PERIOD.toNanos(), PERIOD.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void run() {
    meters.late(System.nanoTime() - due, BLOCKED);
    due =
        System.nanoTime()
            + PERIOD.toNanos(); // fixed delay: the next run is due one period after this one
  }
}
