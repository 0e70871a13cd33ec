package io.gitops.gateway.api.feed;

/** Where a subscription writes: a WebSocket or an SSE response. Called on the feed's context only. */
public interface FeedSink {
  void write(String type, long seq, String json);

  boolean writeQueueFull();

  /** Calls {@code whenDrained} (on any thread) once the write queue has room again. */
  void onDrain(Runnable whenDrained);

  /** Keeps an idle connection alive through proxies. */
  void ping();

  void close(short code, String reason);
}
