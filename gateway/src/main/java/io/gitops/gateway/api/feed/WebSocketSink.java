package io.gitops.gateway.api.feed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Optional;

/**
 * Feed frames as WebSocket text messages; keep-alive as ping frames (browsers answer with pong).
 */
final class WebSocketSink implements FeedSink {
  private final ServerWebSocket ws;
  private final Optional<Channel> frames;

  /**
   * {@code frames}: the socket for pre-encoded frames ({@link FrameChannel}), if they may be
   * written there.
   */
  WebSocketSink(ServerWebSocket ws, Optional<Channel> frames) {
    this.ws = ws;
    this.frames = frames;
  }

  @Override
  public void write(String type, long seq, String json) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(json);
    }
  }

  /**
   * The change's bytes, encoded once by the feed, as a text frame: {@code getByteBuf()} is a view
   * (own indices, no copy, never released), so the same Buffer goes to every socket. Vert.x has no
   * public text frame from bytes, hence its frame class; {@code writeTextMessage} would UTF-8
   * encode the JSON again (twice) per subscriber.
   */
  @Override
  public void write(FeedEvent event) {
    if (!ws.isClosed()) {
      ws.writeFrame(
          new WebSocketFrameImpl(
              WebSocketFrameType.TEXT, ((BufferInternal) event.utf8()).getByteBuf(), true));
    }
  }

  @Override
  public boolean writeFrames(ByteBuf encoded) {
    // Only what fits below the write queue's high-water mark: past it, changes wait and coalesce
    // per app.
    if (frames.isEmpty()
        || ws.isClosed()
        || encoded.readableBytes() > frames.get().bytesBeforeUnwritable()) {
      return false;
    }
    frames.get().writeAndFlush(encoded.retainedDuplicate(), frames.get().voidPromise());
    return true;
  }

  /**
   * A socket that closed since it was looked at takes nothing and holds nobody up (Vert.x would
   * throw).
   */
  @Override
  public boolean writeQueueFull() {
    return !ws.isClosed() && ws.writeQueueFull();
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
