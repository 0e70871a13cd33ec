package io.gitops.gateway.api.feed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Changes as complete WebSocket text frames (RFC 6455 §5.2), one after the other in one buffer. A
 * server's frames are not masked, so these bytes are the same for every subscriber: a shard encodes
 * the changes a scope sees once per batch and writes that buffer to each socket, instead of having
 * every socket frame, allocate and copy every change again.
 *
 * <p>Encoded on the first {@link #get()} (no socket may take them); each write takes a {@code
 * retainedDuplicate()}, and the shard releases its own reference once all are written.
 */
final class TextFrames implements Supplier<ByteBuf> {
  private static final int FIN_TEXT = 0x81;
  private final List<FeedEvent> events;
  private ByteBuf frames;

  TextFrames(List<FeedEvent> events) {
    this.events = events;
  }

  @Override
  public ByteBuf get() {
    if (frames == null) {
      frames = encode(events);
    }
    return frames;
  }

  void release() {
    if (frames != null) {
      frames.release();
      frames = null;
    }
  }

  static ByteBuf encode(List<FeedEvent> events) {
    int size = 0;
    for (FeedEvent e : events) {
      size += headerLength(e.utf8().length()) + e.utf8().length();
    }
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
    for (FeedEvent e : events) {
      int length = e.utf8().length();
      out.writeByte(FIN_TEXT);
      if (length < 126) {
        out.writeByte(length);
      } else if (length < 65_536) {
        out.writeByte(126).writeShort(length);
      } else {
        out.writeByte(127).writeLong(length);
      }
      out.writeBytes(((BufferInternal) e.utf8()).getByteBuf()); // a view: no copy
    }
    return out;
  }

  private static int headerLength(int payload) {
    return payload < 126 ? 2 : payload < 65_536 ? 4 : 10;
  }
}
