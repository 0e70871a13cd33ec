package io.gitops.gateway.api.graphql;

import io.gitops.gateway.api.feed.FeedScope;
import io.gitops.gateway.api.feed.FeedSink;
import io.gitops.gateway.api.feed.FeedStats;
import io.gitops.gateway.api.feed.StatusFeed;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A GraphQL subscription's stream: a sink of the one status fan-out whose "write queue" is the
 * subscriber's outstanding demand, so a client that requests slowly is coalesced per app and cut
 * off like any slow WebSocket reader — real backpressure from request(n) to the feed.
 */
public final class FeedPublisher implements Publisher<Map<String, Object>> {
  private final StatusFeed feed;
  private final FeedScope scope;
  private final FeedStats stats;

  public FeedPublisher(StatusFeed feed, FeedScope scope, FeedStats stats) {
    this.feed = feed;
    this.scope = scope;
    this.stats = stats;
  }

  @Override
  public void subscribe(Subscriber<? super Map<String, Object>> subscriber) {
    AtomicLong demand = new AtomicLong();
    AtomicReference<Runnable> drain = new AtomicReference<>();
    AtomicReference<io.gitops.gateway.api.feed.Subscription> feedSub = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    FeedSink sink =
        new FeedSink() {
          @Override
          public void write(String type, long seq, String json) {
            demand.decrementAndGet();
            subscriber.onNext(new JsonObject(json).getMap());
          }

          @Override
          public boolean writeQueueFull() {
            return demand.get() <= 0;
          }

          @Override
          public void onDrain(Runnable whenDrained) {
            drain.set(whenDrained);
            if (demand.get() > 0) {
              Runnable r = drain.getAndSet(null);
              if (r != null) {
                r.run();
              }
            }
          }

          @Override
          public void ping() {
            // graphql-transport-ws has its own ping/pong
          }

          @Override
          public void close(short code, String reason) {
            subscriber.onError(new IllegalStateException("subscription closed: " + reason));
          }
        };
    subscriber.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {
            if (n > 0 && demand.getAndAdd(n) <= 0) {
              Runnable r = drain.getAndSet(null);
              if (r != null) {
                r.run();
              }
            }
          }

          @Override
          public void cancel() {
            cancelled.set(true);
            var s = feedSub.getAndSet(null);
            if (s != null) {
              feed.unsubscribe(s);
            }
          }
        });
    feed.follow(scope, sink, stats)
        .onSuccess(
            s -> {
              feedSub.set(s);
              if (cancelled.get() && feedSub.compareAndSet(s, null)) {
                feed.unsubscribe(s); // cancelled before the feed had registered it
              }
            });
  }
}
