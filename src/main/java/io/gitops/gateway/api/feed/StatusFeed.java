package io.gitops.gateway.api.feed;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The one fan-out of app status changes: subscribes once to {@link Addresses#APP_STATUS}, numbers
 * every change, keeps the last {@link FeedOptions#replay()} for resuming clients and hands each
 * change to the subscriptions whose scope matches. All state lives on this verticle's context;
 * WebSocket, SSE and GraphQL subscribers are only sinks.
 */
public final class StatusFeed extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StatusFeed.class.getName());
  private final Supplier<Future<List<App>>> initial;
  private final Function<AppId, Future<Optional<App>>> lookup;
  private final FeedOptions options;
  private final Map<AppId, AppView> views = new HashMap<>();
  private final Map<AppId, List<AppStatus>> awaitingLookup = new HashMap<>();
  private final ArrayDeque<FeedEvent> replay = new ArrayDeque<>();
  private final Set<Subscription> subscriptions = new LinkedHashSet<>();
  private final List<Messages.StatusChanged> beforeLoad = new ArrayList<>();
  private final Promise<Void> loaded = Promise.promise();
  private final Promise<Void> started = Promise.promise();
  private long seq;

  public StatusFeed(Supplier<Future<List<App>>> initial, Function<AppId, Future<Optional<App>>> lookup, FeedOptions options) {
    this.initial = initial;
    this.lookup = lookup;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<Messages.StatusChanged>localConsumer(Addresses.APP_STATUS, msg -> {
      if (loaded.future().isComplete()) {
        changed(msg.body());
      } else {
        beforeLoad.add(msg.body());
      }
    });
    vertx.setPeriodic(options.ping().toMillis(), id -> tick());
    // The snapshot comes from the database once; later changes arrive on the bus.
    initial.get().onComplete(r -> {
      if (r.succeeded()) {
        r.result().forEach(app -> views.putIfAbsent(app.id(), view(app)));
      }
      loaded.tryComplete();
      beforeLoad.forEach(this::changed);
      beforeLoad.clear();
    });
    started.complete();
    return Future.succeededFuture();
  }

  /** Registers a sink: a replay from {@code since} when the buffer still holds it, else a snapshot. */
  public Future<Subscription> subscribe(FeedScope scope, Long since, FeedSink sink, FeedStats stats) {
    return onFeed(() -> loaded.future().map(v -> {
      Subscription sub = new Subscription(scope, sink, options, stats, r -> context.runOnContext(x -> r.run()));
      if (since != null && canResume(since)) {
        replay.stream().filter(e -> e.seq() > since && scope.matches(e.view())).forEach(sub::offer);
        sub.sendNow("resumed", seq, new JsonObject().put("type", "resumed").put("seq", seq).put("from", since).encode());
      } else {
        int count = 0;
        for (AppView view : views.values()) {
          if (scope.matches(view)) {
            sub.sendNow("app", seq, view.json("app", seq).encode());
            count++;
          }
        }
        sub.sendNow("snapshot-complete", seq,
            new JsonObject().put("type", "snapshot-complete").put("seq", seq).put("count", count).encode());
      }
      subscriptions.add(sub);
      return sub;
    }));
  }

  /** Registers a sink for changes from now on: no snapshot, no marker (GraphQL subscriptions). */
  public Future<Subscription> follow(FeedScope scope, FeedSink sink, FeedStats stats) {
    return onFeed(() -> loaded.future().map(v -> {
      Subscription sub = new Subscription(scope, sink, options, stats, r -> context.runOnContext(x -> r.run()));
      subscriptions.add(sub);
      return sub;
    }));
  }

  public void unsubscribe(Subscription sub) {
    onFeed(() -> {
      sub.gone();
      subscriptions.remove(sub);
    });
  }

  /** A created or changed spec (its cluster may have moved). */
  public void upserted(App app) {
    onFeed(() -> views.compute(app.id(), (id, old) ->
        new AppView(id, app.spec().destination().cluster().value(), old == null ? app.status() : old.status())));
  }

  /** A deleted app: subscribers get a "deleted" change. */
  public void removed(AppId id) {
    onFeed(() -> {
      AppView gone = views.remove(id);
      if (gone != null) {
        deliver("deleted", gone);
      }
    });
  }

  public int subscribers() {
    return subscriptions.size();
  }

  /** Keep-alive for every subscriber, and the moment a reader that stopped reading is cut off. */
  private void tick() {
    subscriptions.removeIf(Subscription::closed);
    for (Subscription sub : subscriptions) {
      try {
        sub.ping();
      } catch (RuntimeException e) {
        LOG.warning("ping failed, dropping the subscriber: " + e);
        sub.gone();
      }
    }
  }

  private boolean canResume(long since) {
    if (since > seq || since < 0) {
      return false;
    }
    return since == seq || (!replay.isEmpty() && replay.peekFirst().seq() <= since + 1);
  }

  private void changed(Messages.StatusChanged change) {
    AppView known = views.get(change.app());
    if (known != null) {
      deliver(new AppView(change.app(), known.cluster(), change.status()));
      return;
    }
    // Not seen yet (created after start): learn its cluster once, keep the order of its changes.
    List<AppStatus> waiting = awaitingLookup.computeIfAbsent(change.app(), id -> new ArrayList<>());
    waiting.add(change.status());
    if (waiting.size() == 1) {
      lookup.apply(change.app()).onComplete(r -> {
        List<AppStatus> statuses = awaitingLookup.remove(change.app());
        if (r.succeeded() && r.result().isPresent()) {
          String cluster = r.result().get().spec().destination().cluster().value();
          statuses.forEach(s -> deliver(new AppView(change.app(), cluster, s)));
        }
      });
    }
  }

  private void deliver(AppView view) {
    views.put(view.id(), view);
    deliver("change", view);
  }

  private void deliver(String type, AppView view) {
    FeedEvent event = FeedEvent.of(type, ++seq, view);
    replay.addLast(event);
    if (replay.size() > options.replay()) {
      replay.removeFirst();
    }
    subscriptions.removeIf(Subscription::closed);
    for (Subscription sub : subscriptions) {
      if (sub.scope().matches(view)) {
        sub.offer(event);
      }
    }
  }

  /** Runs on the feed's context once it is deployed: the only way other threads touch its state. */
  private <T> Future<T> onFeed(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    started.future().onSuccess(s -> context.runOnContext(v -> work.get().onComplete(promise)));
    return promise.future();
  }

  private void onFeed(Runnable work) {
    started.future().onSuccess(s -> context.runOnContext(v -> work.run()));
  }

  private static AppView view(App app) {
    return new AppView(app.id(), app.spec().destination().cluster().value(), app.status());
  }
}
