package io.gitops.gateway.api.feed;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The subscriptions whose connections live on one event loop. The feed hands each change to every
 * shard once; the shard writes to its sockets on their own thread, so a change costs one task per
 * event loop rather than one cross-thread hop per subscriber, and shards run in parallel.
 */
final class Shard {
  private static final Logger LOG = Logger.getLogger(Shard.class.getName());
  final Context context;
  private final List<Subscription> subscriptions = new ArrayList<>();

  Shard(Context context) {
    this.context = context;
  }

  /** {@code start} sends the snapshot or replay on this shard's thread before any later change. */
  void add(Subscription sub, Consumer<Subscription> start) {
    context.runOnContext(v -> {
      start.accept(sub);
      subscriptions.add(sub);
    });
  }

  void remove(Subscription sub) {
    context.runOnContext(v -> {
      sub.gone();
      subscriptions.remove(sub);
    });
  }

  void deliver(FeedEvent event) {
    context.runOnContext(v -> {
      subscriptions.removeIf(Subscription::closed);
      for (Subscription sub : subscriptions) {
        if (sub.scope().matches(event.view())) {
          sub.offer(event);
        }
      }
    });
  }

  /** Keep-alive for every subscriber, and the moment a reader that stopped reading is cut off. */
  void tick() {
    context.runOnContext(v -> {
      subscriptions.removeIf(Subscription::closed);
      for (Subscription sub : subscriptions) {
        try {
          sub.ping();
        } catch (RuntimeException e) {
          LOG.warning("ping failed, dropping the subscriber: " + e);
          sub.gone();
        }
      }
    });
  }
}
