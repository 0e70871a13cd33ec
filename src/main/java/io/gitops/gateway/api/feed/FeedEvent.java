package io.gitops.gateway.api.feed;

/** One change ("change" or "deleted") with its sequence number, encoded once for every subscriber. */
public record FeedEvent(String type, long seq, AppView view, String json) {
  static FeedEvent of(String type, long seq, AppView view) {
    return new FeedEvent(type, seq, view, view.json(type, seq).encode());
  }
}
