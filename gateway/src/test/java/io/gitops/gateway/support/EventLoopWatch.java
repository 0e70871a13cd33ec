package io.gitops.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Records every time Vert.x's blocked-thread checker catches an event loop blocked (over its limit,
 * 2 s by default), so a test that let the gateway block an event loop fails at the end. Worker
 * threads are allowed to block: that is what they are for.
 */
public final class EventLoopWatch {
  private static final Logger LOG = Logger.getLogger(EventLoopWatch.class.getName());
  private final List<String> blocked = new CopyOnWriteArrayList<>();

  private EventLoopWatch() {}

  public static EventLoopWatch on(Vertx vertx) {
    EventLoopWatch watch = new EventLoopWatch();
    ((VertxInternal) vertx)
        .blockedThreadChecker()
        .setThreadBlockedHandler(
            event -> {
              String name = event.thread().getName();
              if (name.startsWith("vert.x-eventloop")) {
                StringBuilder where = new StringBuilder();
                for (StackTraceElement e : event.thread().getStackTrace()) {
                  where.append("\n\tat ").append(e);
                }
                LOG.warning("event loop blocked: " + event + where);
                watch.blocked.add(name + " blocked for " + event.duration() / 1_000_000 + " ms");
              }
            });
    return watch;
  }

  public void assertNeverBlocked() {
    if (!blocked.isEmpty()) {
      throw new AssertionError("the gateway blocked an event loop: " + blocked);
    }
  }
}
