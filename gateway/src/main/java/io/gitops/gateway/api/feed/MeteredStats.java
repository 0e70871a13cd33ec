package io.gitops.gateway.api.feed;

import io.gitops.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Counter;

/** Feed counts as Prometheus counters, per transport. */
public record MeteredStats(Counter sentCounter, Counter droppedCounter) implements FeedStats {
  public static MeteredStats of(GatewayMetrics metrics, String transport) {
    return new MeteredStats(
        metrics.feedMessages(transport, "sent"), metrics.feedMessages(transport, "dropped"));
  }

  @Override
  public void sent() {
    sentCounter.increment();
  }

  @Override
  public void sent(int n) {
    sentCounter.increment(n);
  }

  @Override
  public void dropped(int n) {
    droppedCounter.increment(n);
  }
}
