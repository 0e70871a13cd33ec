package io.gitops.gateway.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.TenantId;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A marker never overtakes the changes it announces, even when the connection is backed up. */
class SubscriptionOrderTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A sink whose write queue the test fills and drains. */
  static final class Sink implements FeedSink {
    final List<String> written = new ArrayList<>();
    boolean full;

    @Override
    public void write(String type, long seq, String json) {
      written.add(type + " " + seq);
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public void onDrain(Runnable whenDrained) {}

    @Override
    public void ping() {}

    @Override
    public void close(short code, String reason) {}
  }

  @Test
  void aResumedMarkerWaitsForTheChangesQueuedBeforeIt() {
    Sink sink = new Sink();
    Subscription sub =
        new Subscription(
            new FeedScope(java.util.Set.of(new TenantId("shop")), null, null, null),
            sink,
            FeedOptions.DEFAULTS,
            FeedStats.NONE,
            new Shard(vertx.getOrCreateContext(), FeedOptions.DEFAULTS));
    sink.full = true;
    sub.offer(
        FeedEvent.of(
            "change", 7, new AppView(AppId.of("shop", "web"), "dev", AppStatus.unknown(""))));
    sub.sendNow("resumed", 7, "{}");
    assertThat(sink.written).as("backed up: nothing yet").isEmpty();

    sink.full = false;
    sub.flush();
    assertThat(sink.written).containsExactly("change 7", "resumed 7");
  }

  @Test
  void withNothingWaitingAMarkerGoesOutAtOnce() {
    Sink sink = new Sink();
    Subscription sub =
        new Subscription(
            new FeedScope(java.util.Set.of(new TenantId("shop")), null, null, null),
            sink,
            FeedOptions.DEFAULTS,
            FeedStats.NONE,
            new Shard(vertx.getOrCreateContext(), FeedOptions.DEFAULTS));
    sub.sendNow("snapshot-complete", 3, "{}");
    assertThat(sink.written).containsExactly("snapshot-complete 3");
  }
}
