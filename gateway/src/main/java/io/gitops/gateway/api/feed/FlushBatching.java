package io.gitops.gateway.api.feed;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Batches a feed connection's socket writes. Vert.x flushes every frame written outside a read: one
 * write() system call per change per subscriber, which on loopback also pays the receiver's TCP
 * work — at 2,000 subscribers × 100 changes/s that alone saturates two cores. Netty's {@link
 * FlushConsolidationHandler} defers each flush to a task queued behind the work already waiting on
 * the event loop: an idle loop still flushes at once (no added latency), a busy one sends every
 * frame written meanwhile in one call, so the cost per change falls as the load rises.
 */
public final class FlushBatching {
  private static final String NAME = "feed-flush-batching";

  /** Flush at the latest after this many deferred flushes, whatever the loop is doing. */
  private static final int MAX_DEFERRED = 64;

  private FlushBatching() {}

  /**
   * Call on the connection's event loop once it carries the feed (a WebSocket, or a following SSE
   * stream).
   */
  public static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return; // another transport (e.g. HTTP/2 stream multiplexing): leave its flushing alone
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(NAME) == null) {
      pipeline.addFirst(NAME, new FlushConsolidationHandler(MAX_DEFERRED, true));
    }
  }
}
