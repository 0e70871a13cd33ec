package io.gitops.gateway.api.feed;

import io.gitops.gateway.model.AppId;
import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One subscriber's delivery. Lives on its {@link Shard}'s context (its connection's event loop).
 * While the sink's write queue is full, changes wait in {@code pending}, one per app (newer
 * replaces older and moves to the back, so sequence numbers still increase). A subscriber whose
 * connection takes nothing for {@code maxLag} while changes wait, or with more than {@code
 * maxPending} apps waiting, is closed with {@link FeedOptions#TOO_SLOW} — one slow reader never
 * holds the others back.
 */
public final class Subscription {
  private final FeedScope scope;
  private final FeedSink sink;
  private final int maxPending;
  private final long maxLagNanos;
  private long behindSince;
  private final FeedStats stats;
  private final Map<AppId, FeedEvent> pending = new LinkedHashMap<>();
  private final List<Runnable> afterPending = new java.util.ArrayList<>();
  private final Runnable drained;
  private boolean waitingForDrain;
  private boolean closed;

  private final Shard shard;

  Subscription(FeedScope scope, FeedSink sink, FeedOptions options, FeedStats stats, Shard shard) {
    this.shard = shard;
    this.maxPending = options.maxPending();
    this.maxLagNanos = options.maxLag().toNanos();
    this.drained = () -> shard.context.runOnContext(v -> flush());
    this.scope = scope;
    this.sink = sink;
    this.stats = stats;
  }

  Shard shard() {
    return shard;
  }

  FeedScope scope() {
    return scope;
  }

  boolean closed() {
    return closed;
  }

  /** Sends or queues one change. */
  void offer(FeedEvent event) {
    if (closed) {
      return;
    }
    if (pending.isEmpty() && !sink.writeQueueFull()) {
      send(event);
      return;
    }
    if (pending.remove(event.view().id()) != null) {
      stats.dropped(); // coalesced: the older state of this app is never sent
    }
    if (behindSince == 0) {
      behindSince = System.nanoTime();
    }
    pending.put(event.view().id(), event);
    if (pending.size() > maxPending || tooLongBehind()) {
      cutOff();
      return;
    }
    if (!waitingForDrain) {
      waitingForDrain = true;
      sink.onDrain(drained);
    }
  }

  /**
   * Several changes for this subscriber, with {@code frames} (built on first use, shared by every
   * subscriber of the scope) encoding them all: written in one go when nothing waits and the
   * connection takes it, else change by change through {@link #offer}.
   */
  void offerAll(List<FeedEvent> events, Supplier<ByteBuf> frames) {
    if (closed) {
      return;
    }
    if (pending.isEmpty() && !sink.writeQueueFull() && sink.writeFrames(frames.get())) {
      stats.sent(events.size());
      return;
    }
    events.forEach(this::offer);
  }

  /** After a drain: sends what waits, as far as the queue takes it. */
  void flush() {
    waitingForDrain = false;
    behindSince = System.nanoTime(); // the connection took something: progress, the lag starts over
    Iterator<FeedEvent> it = pending.values().iterator();
    while (it.hasNext() && !closed) {
      if (sink.writeQueueFull()) {
        waitingForDrain = true;
        sink.onDrain(drained);
        return;
      }
      send(it.next());
      it.remove();
    }
    behindSince = 0;
    List<Runnable> markers = new java.util.ArrayList<>(afterPending);
    afterPending.clear();
    markers.forEach(Runnable::run);
  }

  /**
   * A marker (snapshot-complete, resumed) right away, or after the changes still waiting when the
   * connection is backed up: it must never overtake the changes it announces.
   */
  void sendNow(String type, long seq, String json) {
    if (closed) {
      return;
    }
    if (!pending.isEmpty()) {
      afterPending.add(() -> sendNow(type, seq, json));
      return;
    }
    sink.write(type, seq, json);
    stats.sent();
  }

  private void send(FeedEvent event) {
    sink.write(event);
    stats.sent();
  }

  /**
   * Keep-alive tick, and where a stalled reader is noticed: one whose write queue stays full (or
   * whose changes wait) without a drain for {@code maxLag} is cut off even if no new change comes.
   */
  void ping() {
    if (closed) {
      return;
    }
    if (pending.isEmpty() && !sink.writeQueueFull()) {
      behindSince = 0;
      sink.ping();
      return;
    }
    if (behindSince == 0) {
      behindSince = System.nanoTime();
    }
    if (!waitingForDrain) {
      waitingForDrain = true;
      sink.onDrain(drained);
    }
    if (tooLongBehind()) {
      cutOff();
    }
  }

  private boolean tooLongBehind() {
    return behindSince != 0 && System.nanoTime() - behindSince > maxLagNanos;
  }

  private void cutOff() {
    stats.dropped(pending.size());
    stats.cutOff();
    pending.clear();
    afterPending.clear();
    close(FeedOptions.TOO_SLOW, "too far behind");
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      sink.close(code, reason);
    }
  }

  /** The client went away: forget it without writing. */
  void gone() {
    closed = true;
    pending.clear();
    afterPending.clear();
  }
}
