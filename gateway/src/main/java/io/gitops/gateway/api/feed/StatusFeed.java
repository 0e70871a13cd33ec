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
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 *
 * <p>With several replicas, every replica's feed hears every change: its consumers are cluster-wide
 * (the owner of an app publishes its statuses; apps created or deleted through another replica's
 * API are announced on {@link Addresses#APP_ANNOUNCED}). Numbers are {@code era * 2^32 + n}, the
 * era taken from PostgreSQL when the feed starts, so a number one feed gave is never taken for
 * another's, and a client that comes back with a number from a later era gets a new era first: its
 * numbers never go back.
 */
public final class StatusFeed extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StatusFeed.class.getName());
  private final Supplier<Future<List<App>>> initial;
  private final Supplier<Future<Map<AppId, OperationState>>> operations;
  private final Function<AppId, Future<Optional<App>>> lookup;
  private final Supplier<Future<Long>> eras;
  private final FeedOptions options;
  private final String origin = UUID.randomUUID().toString();
  private final Map<AppId, AppView> views = new HashMap<>();
  private final Map<AppId, List<UnaryOperator<AppView>>> awaitingLookup = new HashMap<>();
  private final Map<AppId, Future<Void>> announcing = new HashMap<>();
  private final ArrayDeque<FeedEvent> replay = new ArrayDeque<>();
  private final Map<ContextInternal, Shard> shards = new LinkedHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final List<Runnable> beforeLoad = new ArrayList<>();
  private final Promise<Void> loaded = Promise.promise();
  private final Promise<Void> started = Promise.promise();

  /**
   * The low 32 bits of a number count within its era. Numbers stay exact in JavaScript (below 2^53)
   * while eras stay below 2^21: one per feed start, plus one each time a client brings a number of
   * a later era.
   */
  private static final int ERA_SHIFT = 32;

  /**
   * Half an era's numbers given: a new era is fetched then, long before its numbers would run into
   * the next era's.
   */
  private static final long RENEW_AT = 1L << 31;

  /** The current era (0 until the first one is taken: nothing is numbered before). */
  private long era;

  /** The last number given: era * 2^32 + the changes numbered in this era. */
  private long seq;

  public StatusFeed(
      Supplier<Future<List<App>>> initial,
      Function<AppId, Future<Optional<App>>> lookup,
      Supplier<Future<Long>> eras,
      FeedOptions options) {
    this(initial, () -> Future.succeededFuture(Map.of()), lookup, eras, options);
  }

  /**
   * {@code operations}: each app's newest sync operation, so a snapshot after a restart shows it;
   * {@code eras}: a new era each call, above any handed out before (the {@code feed_eras}
   * sequence).
   */
  public StatusFeed(
      Supplier<Future<List<App>>> initial,
      Supplier<Future<Map<AppId, OperationState>>> operations,
      Function<AppId, Future<Optional<App>>> lookup,
      Supplier<Future<Long>> eras,
      FeedOptions options) {
    this.initial = initial;
    this.operations = operations;
    this.lookup = lookup;
    this.eras = eras;
    this.options = options;
  }

  public FeedOptions options() {
    return options;
  }

  /**
   * Completes once the consumers are registered cluster-wide: from then on a change published on
   * any replica reaches this feed.
   */
  @Override
  public Future<?> start() {
    // Cluster-wide consumers (not localConsumer): the owner of an app may be another replica. In
    // one process they cost nothing more, and a message from this process is never serialised.
    MessageConsumer<Messages.StatusChanged> statuses =
        vertx
            .eventBus()
            .consumer(
                Addresses.APP_STATUS,
                msg -> {
                  AppStatus status = msg.body().status();
                  arrived(msg.body().app(), view -> view.withStatus(status));
                });
    // An operation goes the same way as a status: an app the feed does not know yet (created after
    // start and not announced, or still being looked up) is looked up, never skipped, so its first
    // sync's result reaches the feed.
    MessageConsumer<Messages.OperationChanged> ops =
        vertx
            .eventBus()
            .consumer(
                Addresses.APP_OPERATION,
                msg -> {
                  OperationState operation = msg.body().operation();
                  arrived(msg.body().app(), view -> view.withOperation(operation));
                });
    MessageConsumer<Messages.AppAnnounced> announcements =
        vertx.eventBus().consumer(Addresses.APP_ANNOUNCED, msg -> announced(msg.body()));
    vertx.setPeriodic(options.ping().toMillis(), id -> shards.values().forEach(Shard::tick));
    // The snapshot comes from the database once; later changes arrive on the bus.
    Future<Map<AppId, OperationState>> last =
        operations
            .get()
            .recover(
                err -> {
                  LOG.warning(
                      "the feed starts without the apps' last sync operations: "
                          + err.getMessage());
                  return Future.succeededFuture(Map.of());
                });
    Promise<Void> firstEra = Promise.promise();
    takeFirstEra(firstEra);
    initial
        .get()
        .onComplete(
            r ->
                Future.join(last, firstEra.future())
                    .onComplete(
                        done -> {
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
    return Future.all(statuses.completion(), ops.completion(), announcements.completion());
  }

  /**
   * Nothing is numbered without an era: a database that is not there yet at start is asked again
   * until it answers (changes wait, as they wait for the snapshot).
   */
  private void takeFirstEra(Promise<Void> done) {
    eras.get()
        .onComplete(
            r -> {
              if (r.succeeded()) {
                adopt(r.result());
                done.complete();
              } else {
                LOG.warning("the feed has no era yet, asking again: " + r.cause().getMessage());
                vertx.setTimer(1_000, t -> takeFirstEra(done));
              }
            });
  }

  /**
   * Numbers from now on start at {@code newEra * 2^32}, above every number given before (eras only
   * grow). The replay buffer empties: a resume from the old era's numbers gets a snapshot, as one
   * from any other era does, so no number between two of this feed's eras (another replica's) is
   * ever taken for this feed's.
   */
  private void adopt(long newEra) {
    if (newEra <= era) {
      return;
    }
    era = newEra;
    seq = newEra << ERA_SHIFT;
    replay.clear();
  }

  /**
   * A number above this feed's last: given by a feed of a later era (another replica, or this one
   * before it took a new era). This feed takes an era above it first, so the snapshot the client
   * gets is numbered above what it has seen.
   */
  private Future<Void> aboveOf(Long since) {
    if (since == null || since <= seq) {
      return Future.succeededFuture();
    }
    return eras.get()
        .map(
            e -> {
              adopt(e);
              return (Void) null;
            })
        .recover(
            err -> {
              LOG.warning("no new era for a client from a later one: " + err.getMessage());
              return Future.succeededFuture();
            });
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
                .compose(v -> aboveOf(since))
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

  /**
   * A created or changed spec (its cluster may have moved), here and, announced, on every other
   * replica.
   */
  public void upserted(App app) {
    onFeed(() -> whenLoaded(() -> upsertView(app)));
    vertx
        .eventBus()
        .publish(Addresses.APP_ANNOUNCED, new Messages.AppAnnounced(app.id(), false, origin));
  }

  /** A deleted app: subscribers here and on every other replica get a "deleted" change. */
  public void removed(AppId id) {
    onFeed(() -> whenLoaded(() -> removeView(id)));
    vertx.eventBus().publish(Addresses.APP_ANNOUNCED, new Messages.AppAnnounced(id, true, origin));
  }

  private void upsertView(App app) {
    views.compute(
        app.id(),
        (id, old) ->
            new AppView(
                id,
                app.spec().destination().cluster().value(),
                old == null ? app.status() : old.status(),
                old == null ? null : old.operation()));
  }

  private void removeView(AppId id) {
    AppView gone = views.remove(id);
    if (gone != null) {
      deliver("deleted", gone);
    }
  }

  /**
   * Another replica's announcement: the spec is read from the database. One app's announcements are
   * handled in order (a deletion waits for the lookup of the creation before it), so a lookup that
   * ends late cannot bring back an app deleted meanwhile.
   */
  private void announced(Messages.AppAnnounced a) {
    if (origin.equals(a.origin())) {
      return; // applied when it was made
    }
    Future<Void> before = announcing.getOrDefault(a.app(), loaded.future());
    Future<Void> next =
        before.transform(
            x -> {
              if (a.removed()) {
                removeView(a.app());
                return Future.succeededFuture();
              }
              return lookup
                  .apply(a.app())
                  .map(
                      found -> {
                        found.ifPresent(this::upsertView);
                        return (Void) null;
                      })
                  .otherwiseEmpty();
            });
    announcing.put(a.app(), next);
    next.onComplete(x -> announcing.remove(a.app(), next));
  }

  private void whenLoaded(Runnable work) {
    if (loaded.future().isComplete()) {
      work.run();
    } else {
      beforeLoad.add(work);
    }
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
    whenLoaded(() -> apply(id, change));
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
    if (seq - (era << ERA_SHIFT) == RENEW_AT) {
      eras.get().onSuccess(this::adopt);
    }
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
