package io.gitops.gateway.api.feed;

/**
 * Where a subscription writes: a WebSocket or an SSE response. Called on the feed's context only.
 */
public interface FeedSink {
  void write(String type, long seq, String json);

  /**
   * A change shared by every subscriber; sinks that can send its pre-encoded bytes override this.
   */
  default void write(FeedEvent event) {
    write(event.type(), event.seq(), event.json());
  }

  /**
   * Writes several changes at once as pre-encoded WebSocket frames ({@link TextFrames}), without
   * taking {@code frames}' reference; false when this sink cannot, and the caller writes each
   * change.
   */
  default boolean writeFrames(io.netty.buffer.ByteBuf frames) {
    return false;
  }

  boolean writeQueueFull();

  /** Calls {@code whenDrained} (on any thread) once the write queue has room again. */
  void onDrain(Runnable whenDrained);

  /** Keeps an idle connection alive through proxies. */
  void ping();

  void close(short code, String reason);
}
