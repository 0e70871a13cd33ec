package io.gitops.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every event loop of a gateway's Vertx is probed: its delay is measured from the start, its
 * blocked counter is exported at 0 before anything blocks, and a loop kept busy past {@link
 * EventLoopProbe#BLOCKED} is counted as blocked (the EventLoopBlocked alert's input).
 */
class EventLoopProbeTest {
  GatewayMetrics metrics;
  Vertx vertx;

  @BeforeEach
  void start() {
    metrics = new GatewayMetrics();
    vertx = Launcher.vertx(metrics);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void everyLoopIsProbedAndItsBlockedCounterStartsAtZero() {
    int loops = 0;
    for (var ignored : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops++;
    }
    assertThat(metrics.registry().find("gitops.event.loop.blocked").counters())
        .hasSize(loops)
        .allSatisfy(c -> assertThat(c.count()).isZero());
    assertThat(metrics.scrape()).contains("gitops_event_loop_blocked_total{loop=\"0\"} 0.0");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(metrics.registry().find("gitops.event.loop.delay").timers())
                    .allSatisfy(t -> assertThat(t.count()).as(t.getId().toString()).isPositive()));
  }

  @Test
  void aLoopKeptBusyPastTheLimitIsCountedAsBlocked() {
    // The deliberate fault: one task that holds its event loop for 1.5 s (Vert.x itself warns at 2
    // s).
    vertx.runOnContext(
        v -> {
          long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
          while (System.nanoTime() < until) {
            LockSupport.parkNanos(10_000_000);
          }
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        metrics.registry().find("gitops.event.loop.blocked").counters().stream()
                            .mapToDouble(Counter::count)
                            .sum())
                    .isGreaterThanOrEqualTo(1.0));
    double worst =
        metrics.registry().find("gitops.event.loop.delay").timers().stream()
            .mapToDouble(t -> t.max(TimeUnit.SECONDS))
            .max()
            .orElse(0);
    assertThat(worst).isGreaterThanOrEqualTo(EventLoopProbe.BLOCKED.toSeconds());
    assertThat(metrics.scrape()).contains("gitops_event_loop_delay_seconds_bucket{loop=");
  }
}
