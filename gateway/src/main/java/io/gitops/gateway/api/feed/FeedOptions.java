package io.gitops.gateway.api.feed;

import java.time.Duration;

/**
 * Limits of the feed. {@code replay}: changes kept for resuming clients; {@code maxLag}: how long a
 * subscriber may have changes waiting without its connection taking any before it is closed; {@code
 * maxPending}: a hard cap on apps waiting for one subscriber (memory), whatever the lag; {@code
 * ping}: keep-alive interval for WebSocket pings and SSE comments; {@code batch}: the longest a
 * change waits to be sent with the ones after it — a change after a quiet spell goes out at once,
 * and the wait grows with what sending costs (see {@link Shard}), up to this.
 */
public record FeedOptions(
    int replay, Duration maxLag, int maxPending, Duration ping, Duration batch) {
  public static final Duration DEFAULT_BATCH = Duration.ofMillis(50);
  public static final FeedOptions DEFAULTS =
      new FeedOptions(10_000, Duration.ofSeconds(30), 20_000, Duration.ofSeconds(25));

  /** Close code for a subscriber that fell too far behind (4000-4999: application codes). */
  public static final short TOO_SLOW = 4008;

  public static final short UNAUTHORIZED = 4401;
  public static final short BAD_REQUEST = 4400;

  public FeedOptions(int replay, Duration maxLag, int maxPending, Duration ping) {
    this(replay, maxLag, maxPending, ping, DEFAULT_BATCH);
  }

  public FeedOptions withBatch(Duration b) {
    return new FeedOptions(replay, maxLag, maxPending, ping, b);
  }
}
