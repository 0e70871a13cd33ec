package io.gitops.gateway.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The harness's guard really catches a blocked event loop, so its silence in other tests means
 * something.
 */
class EventLoopWatchTest {
  @Test
  void aBlockedEventLoopIsReported() throws Exception {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setBlockedThreadCheckInterval(20)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(50)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    try {
      EventLoopWatch watch = EventLoopWatch.on(vertx);
      vertx.runOnContext(
          v -> spin(Duration.ofMillis(400))); // what a JGit call on the event loop would do
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThatThrownBy(watch::assertNeverBlocked)
                      .hasMessageContaining("vert.x-eventloop"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void spin(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
