package io.gitops.gateway.api.feed;

import io.vertx.core.buffer.Buffer;

/**
 * One change ("change" or "deleted") with its sequence number, encoded once for every subscriber:
 * {@code json} as text and {@code utf8} as the bytes a WebSocket text frame carries, so a change
 * written to 2,000 sockets is serialised and UTF-8 encoded once, not 2,000 times.
 */
public record FeedEvent(String type, long seq, AppView view, String json, Buffer utf8) {
  static FeedEvent of(String type, long seq, AppView view) {
    String json = view.json(type, seq).encode();
    return new FeedEvent(type, seq, view, json, Buffer.buffer(json));
  }
}
