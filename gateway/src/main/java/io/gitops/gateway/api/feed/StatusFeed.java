package io.gitops.gateway.api.feed;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.OperationState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The one fan-out of app status changes: subscribes once to {@link Addresses#APP_STATUS}, numbers
 * every change, keeps the last {@link FeedOptions#replay()} for resuming clients and hands each
 * change to the {@link Shard}s, which hand it to their subscriptions whose scope matches. Feed
 * state (views, sequence, replay) lives on this verticle's context, each subscription on its
 * connection's event loop; WebSocket, SSE and GraphQL subscribers are only sinks.
 */
public final class StatusFeed extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StatusFeed.class.getName());
  private final Supplier<Future<List<App>>> initial;
  private final Supplier<Future<Map<AppId, OperationState>>> operations;
  private final Function<AppId, Future<Optional<App>>> lookup;
  private final FeedOptions options;
  private final Map<AppId, AppView> views = new HashMap<>();
  private final Map<AppId, List<UnaryOperator<AppView>>> awaitingLookup = new HashMap<>();
  private final ArrayDeque<FeedEvent> replay = new ArrayDeque<>();
  private final Map<ContextInternal, Shard> shards = new LinkedHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final List<Runnable> beforeLoad = new ArrayList<>();
  private final Promise<Void> loaded = Promise.promise();
  private final Promise<Void> started = Promise.promise();

  /**
   * Starts above any number the previous run gave (unless it averaged over 1,000 changes per
   * millisecond): a client resuming with a number from before a restart gets a fresh snapshot,
   * never this run's changes under numbers it thinks it has seen.
   */
  private long seq = System.currentTimeMillis() * 1_000L;

  public StatusFeed(
      Supplier<Future<List<App>>> initial,
      Function<AppId, Future<Optional<App>>> lookup,
      FeedOptions options) {
    this(initial, () -> Future.succeededFuture(Map.of()), lookup, options);
  }

  /**
   * {@code operations}: each app's newest sync operation, so a snapshot after a restart shows it.
   */
  public StatusFeed(
      Supplier<Future<List<App>>> initial,
      Supplier<Future<Map<AppId, OperationState>>> operations,
      Function<AppId, Future<Optional<App>>> lookup,
      FeedOptions options) {
    this.initial = initial;
    this.operations = operations;
    this.lookup = lookup;
    this.options = options;
  }

  public FeedOptions options() {
    return options;
  }

  @Override
  public Future<?> start() {
    vertx
        .eventBus()
        .<Messages.StatusChanged>localConsumer(
            Addresses.APP_STATUS,
            msg -> {
              AppStatus status = msg.body().status();
              arrived(msg.body().app(), view -> view.withStatus(status));
            });
    // An operation goes the same way as a status: an app the feed does not know yet (created after
    // start and not announced, or still being looked up) is looked up, never skipped, so its first
    // sync's result reaches the feed.
    vertx
        .eventBus()
        .<Messages.OperationChanged>localConsumer(
            Addresses.APP_OPERATION,
            msg -> {
              OperationState operation = msg.body().operation();
              arrived(msg.body().app(), view -> view.withOperation(operation));
            });
    vertx.setPeriodic(options.ping().toMillis(), id -> shards.values().forEach(Shard::tick));
    // The snapshot comes from the database once; later changes arrive on the bus.
    Future<Map<AppId, OperationState>> ops =
        operations
            .get()
            .recover(
                err -> {
                  LOG.warning(
                      "the feed starts without the apps' last sync operations: "
                          + err.getMessage());
                  return Future.succeededFuture(Map.of());
                });
    initial
        .get()
        .onComplete(
            r ->
                ops.onComplete(
                    last -> {
                      if (r.succeeded()) {
                        r.result()
                            .forEach(
                                app ->
                                    views.putIfAbsent(
                                        app.id(),
                                        view(app).withOperation(last.result().get(app.id()))));
                      }
                      loaded.tryComplete();
                      beforeLoad.forEach(Runnable::run);
                      beforeLoad.clear();
                    }));
    started.complete();
    return Future.succeededFuture();
  }

  /**
   * Registers a sink: a replay from {@code since} when the buffer still holds it, else a snapshot
   * and the marker. Call it on the sink's connection context: the subscription lives there.
   */
  public Future<Subscription> subscribe(
      FeedScope scope, Long since, FeedSink sink, FeedStats stats) {
    ContextInternal owner = ownerContext();
    return onFeed(
        () ->
            loaded
                .future()
                .map(
                    v -> {
                      Subscription sub =
                          new Subscription(scope, sink, options, stats, shard(owner));
                      long at = seq;
                      if (since != null && canResume(since)) {
                        List<FeedEvent> missed =
                            replay.stream()
                                .filter(e -> e.seq() > since && scope.matches(e.view()))
                                .toList();
                        String resumed =
                            new JsonObject()
                                .put("type", "resumed")
                                .put("seq", at)
                                .put("from", since)
                                .encode();
                        sub.shard()
                            .add(
                                sub,
                                s -> {
                                  missed.forEach(s::offer);
                                  s.sendNow("resumed", at, resumed);
                                });
                      } else {
                        List<String> snapshot = new ArrayList<>();
                        for (AppView view : views.values()) {
                          if (scope.matches(view)) {
                            snapshot.add(view.json("app", at).encode());
                          }
                        }
                        String marker =
                            new JsonObject()
                                .put("type", "snapshot-complete")
                                .put("seq", at)
                                .put("count", snapshot.size())
                                .encode();
                        sub.shard()
                            .add(
                                sub,
                                s -> {
                                  snapshot.forEach(json -> s.sendNow("app", at, json));
                                  s.sendNow("snapshot-complete", at, marker);
                                });
                      }
                      count.incrementAndGet();
                      return sub;
                    }));
  }

  /** Registers a sink for changes from now on: no snapshot, no marker (GraphQL subscriptions). */
  public Future<Subscription> follow(FeedScope scope, FeedSink sink, FeedStats stats) {
    ContextInternal owner = ownerContext();
    return onFeed(
        () ->
            loaded
                .future()
                .map(
                    v -> {
                      Subscription sub =
                          new Subscription(scope, sink, options, stats, shard(owner));
                      sub.shard().add(sub, s -> {});
                      count.incrementAndGet();
                      return sub;
                    }));
  }

  public void unsubscribe(Subscription sub) {
    count.decrementAndGet();
    sub.shard().remove(sub);
  }

  /** A created or changed spec (its cluster may have moved). */
  public void upserted(App app) {
    onFeed(
        () ->
            views.compute(
                app.id(),
                (id, old) ->
                    new AppView(
                        id,
                        app.spec().destination().cluster().value(),
                        old == null ? app.status() : old.status(),
                        old == null ? null : old.operation())));
  }

  /** A deleted app: subscribers get a "deleted" change. */
  public void removed(AppId id) {
    onFeed(
        () -> {
          AppView gone = views.remove(id);
          if (gone != null) {
            deliver("deleted", gone);
          }
        });
  }

  /**
   * Subscriptions registered and not yet unsubscribed (closed ones count until their owner
   * unsubscribes).
   */
  public int subscribers() {
    return count.get();
  }

  /** The event loop the caller runs on (requests get duplicated contexts: unwrap to the loop's). */
  private ContextInternal ownerContext() {
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    return current == null ? (ContextInternal) context : current.unwrap();
  }

  /** Called on the feed's context only. */
  private Shard shard(ContextInternal owner) {
    return shards.computeIfAbsent(owner, ctx -> new Shard(ctx, options));
  }

  private boolean canResume(long since) {
    if (since > seq || since < 0) {
      return false;
    }
    return since == seq || (!replay.isEmpty() && replay.peekFirst().seq() <= since + 1);
  }

  /**
   * One change (a status or an operation) of {@code id}, in arrival order. Before the snapshot is
   * loaded it waits for it; for an app not seen yet its cluster is looked up once and its changes
   * keep their order.
   */
  private void arrived(AppId id, UnaryOperator<AppView> change) {
    if (!loaded.future().isComplete()) {
      beforeLoad.add(() -> apply(id, change));
      return;
    }
    apply(id, change);
  }

  private void apply(AppId id, UnaryOperator<AppView> change) {
    AppView known = views.get(id);
    if (known != null && !awaitingLookup.containsKey(id)) {
      deliver(change.apply(known));
      return;
    }
    List<UnaryOperator<AppView>> waiting =
        awaitingLookup.computeIfAbsent(id, k -> new ArrayList<>());
    waiting.add(change);
    if (waiting.size() == 1) {
      lookup
          .apply(id)
          .onComplete(
              r -> {
                List<UnaryOperator<AppView>> updates = awaitingLookup.remove(id);
                if (r.failed() || r.result().isEmpty()) {
                  return;
                }
                App app = r.result().get();
                // Announced meanwhile (upserted): start from that view, else from the stored app.
                AppView view = views.getOrDefault(id, view(app));
                for (UnaryOperator<AppView> u : updates) {
                  view = u.apply(view);
                  deliver(view);
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
    for (Shard shard : shards.values()) {
      shard.deliver(event);
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
