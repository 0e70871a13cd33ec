package io.gitops.gateway.api.feed;

import io.vertx.core.http.HttpServerResponse;

/**
 * Feed frames as server-sent events: {@code id} is the sequence number, so a browser's EventSource
 * resumes by itself with Last-Event-ID; keep-alive is a comment line.
 */
public final class SseSink implements FeedSink {
  private final HttpServerResponse response;

  public SseSink(HttpServerResponse response) {
    this.response = response;
  }

  @Override
  public void write(String type, long seq, String json) {
    response.write("id: " + seq + "\nevent: " + type + "\ndata: " + json + "\n\n");
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
    response.write(": ping\n\n");
  }

  @Override
  public void close(short code, String reason) {
    // A stream that cannot keep up is cut; the client reconnects with Last-Event-ID.
    response.reset(code);
  }
}
