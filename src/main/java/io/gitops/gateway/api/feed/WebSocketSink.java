package io.gitops.gateway.api.feed;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/** Feed frames as WebSocket text messages; keep-alive as ping frames (browsers answer with pong). */
final class WebSocketSink implements FeedSink {
  private final ServerWebSocket ws;

  WebSocketSink(ServerWebSocket ws) {
    this.ws = ws;
  }

  @Override
  public void write(String type, long seq, String json) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(json);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  @Override
  public void onDrain(Runnable whenDrained) {
    ws.drainHandler(v -> whenDrained.run());
  }

  @Override
  public void ping() {
    if (!ws.isClosed()) {
      ws.writePing(Buffer.buffer());
    }
  }

  @Override
  public void close(short code, String reason) {
    if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }
}
