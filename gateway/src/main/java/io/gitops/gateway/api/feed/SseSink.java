package io.gitops.gateway.api.feed;

import io.vertx.core.http.HttpServerResponse;

/**
 * Feed frames as server-sent events: {@code id} is the sequence number, so a browser's EventSource
 * resumes by itself with Last-Event-ID; keep-alive is a comment line.
 */
public final class SseSink implements FeedSink {
  private final HttpServerResponse response;
  private final Runnable endAfterSnapshot;

  /**
   * {@code endAfterSnapshot} non-null: a one-shot list (?follow=false), ended after the marker,
   * then called.
   */
  public SseSink(HttpServerResponse response, Runnable endAfterSnapshot) {
    this.response = response;
    this.endAfterSnapshot = endAfterSnapshot;
  }

  @Override
  public void write(String type, long seq, String json) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.write("id: " + seq + "\nevent: " + type + "\ndata: " + json + "\n\n");
    if (endAfterSnapshot != null && ("snapshot-complete".equals(type) || "resumed".equals(type))) {
      response.end();
      endAfterSnapshot.run();
    }
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public void onDrain(Runnable whenDrained) {
    response.drainHandler(v -> whenDrained.run());
  }

  @Override
  public void ping() {
    if (!response.ended() && !response.closed()) {
      response.write(": ping\n\n");
    }
  }

  @Override
  public void close(short code, String reason) {
    // A stream that cannot keep up is cut; the client reconnects with Last-Event-ID.
    if (!response.ended() && !response.closed()) {
      response.reset(code);
    }
  }
}
