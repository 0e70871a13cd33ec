package io.gitops.gateway.api.feed;

/** Counts what the feed sends and drops, for metrics; one per transport. */
public interface FeedStats {
  void sent();

  default void sent(int n) {
    for (int i = 0; i < n; i++) {
      sent();
    }
  }

  void dropped(int n);

  default void dropped() {
    dropped(1);
  }

  /** A subscriber was closed for being too far behind. */
  default void cutOff() {}

  FeedStats NONE =
      new FeedStats() {
        @Override
        public void sent() {}

        @Override
        public void dropped(int n) {}
      };
}
