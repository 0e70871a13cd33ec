package io.gitops.gateway.api.feed;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The subscriptions whose connections live on one event loop. The feed hands each change to every
 * shard once; the shard writes to its sockets on their own thread, so a change costs one task per
 * event loop rather than one cross-thread hop per subscriber, and shards run in parallel.
 *
 * <p>Two things keep the cost per delivery low at thousands of subscribers. Subscriptions with the
 * same scope are grouped, so a change is matched and encoded once per distinct scope, and each
 * group's changes go to every socket as one shared buffer ({@link TextFrames}). And writes are
 * spaced by what they cost: after a send that took {@code t}, the next waits until {@code SPACING ×
 * t} has passed (at most {@code batch}), and changes that come meanwhile go out together, one write
 * (one system call) per socket for all of them. A cheap fan-out (a change reaching a few sockets)
 * thus goes out at once, and an expensive one cannot take more than about a quarter of the event
 * loop, however fast changes come. Order, sequence numbers, filtering and each subscription's
 * coalescing and lag cut-off are unchanged.
 */
final class Shard {
  private static final Logger LOG = Logger.getLogger(Shard.class.getName());

  /**
   * The next send waits this many times what the last one took: sending keeps at most ~1/SPACING of
   * the loop.
   */
  private static final int SPACING = 4;

  final Context context;
  private final long batchNanos;
  private long spacingNanos;
  private final Map<FeedScope, List<Subscription>> byScope = new HashMap<>();
  private final List<FeedEvent> waiting = new ArrayList<>();
  private boolean sendScheduled;
  private long lastSent = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

  Shard(Context context, FeedOptions options) {
    this.context = context;
    this.batchNanos = options.batch().toNanos();
  }

  /** {@code start} sends the snapshot or replay on this shard's thread before any later change. */
  void add(Subscription sub, Consumer<Subscription> start) {
    context.runOnContext(
        v -> {
          // Changes still waiting are older than the new subscriber's snapshot: send them to the
          // others first.
          sendWaiting();
          start.accept(sub);
          byScope.computeIfAbsent(sub.scope(), s -> new ArrayList<>()).add(sub);
        });
  }

  void remove(Subscription sub) {
    context.runOnContext(
        v -> {
          sub.gone();
          List<Subscription> group = byScope.get(sub.scope());
          if (group != null && group.remove(sub) && group.isEmpty()) {
            byScope.remove(sub.scope());
          }
        });
  }

  void deliver(FeedEvent event) {
    context.runOnContext(
        v -> {
          waiting.add(event);
          if (sendScheduled) {
            return;
          }
          long due = lastSent + spacingNanos - System.nanoTime();
          if (due <= 0) {
            sendWaiting();
          } else {
            sendScheduled = true;
            context
                .owner()
                .setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(due)), t -> sendWaiting());
          }
        });
  }

  private void sendWaiting() {
    sendScheduled = false;
    if (waiting.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    lastSent = started;
    sendToGroups();
    // The sockets' flushes (system calls) run as tasks queued behind this one (FlushBatching), as
    // does other work the loop has: the cost counts until they are done.
    context.runOnContext(
        v -> spacingNanos = Math.min(batchNanos, (System.nanoTime() - started) * SPACING));
  }

  private void sendToGroups() {
    forEachOpenGroup(
        (scope, group) -> {
          List<FeedEvent> seen = waiting.stream().filter(e -> scope.matches(e.view())).toList();
          if (seen.isEmpty()) {
            return;
          }
          TextFrames frames = new TextFrames(seen);
          try {
            for (Subscription sub : group) {
              try {
                sub.offerAll(seen, frames);
              } catch (
                  RuntimeException e) { // one broken connection must not cost the others this batch
                LOG.warning("dropping a subscriber whose connection failed: " + e);
                sub.gone();
              }
            }
          } finally {
            frames.release();
          }
        });
    waiting.clear();
  }

  /** Keep-alive for every subscriber, and the moment a reader that stopped reading is cut off. */
  void tick() {
    context.runOnContext(
        v ->
            forEachOpenGroup(
                (scope, group) -> {
                  for (Subscription sub : group) {
                    try {
                      sub.ping();
                    } catch (RuntimeException e) {
                      LOG.warning("ping failed, dropping the subscriber: " + e);
                      sub.gone();
                    }
                  }
                }));
  }

  /** Drops closed subscriptions (and emptied groups) on the way. */
  private void forEachOpenGroup(
      java.util.function.BiConsumer<FeedScope, List<Subscription>> action) {
    Iterator<Map.Entry<FeedScope, List<Subscription>>> it = byScope.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<FeedScope, List<Subscription>> entry = it.next();
      entry.getValue().removeIf(Subscription::closed);
      if (entry.getValue().isEmpty()) {
        it.remove();
      } else {
        action.accept(entry.getKey(), entry.getValue());
      }
    }
  }
}
