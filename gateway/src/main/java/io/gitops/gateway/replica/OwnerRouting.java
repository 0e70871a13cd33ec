package io.gitops.gateway.replica;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.reconcile.AppControl;
import io.gitops.gateway.reconcile.Intent;
import io.gitops.gateway.reconcile.ReconcileLoop;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.AppDeletion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The API's handle on the controller when several replicas run: a request about an app runs on its
 * owner's loop. Placed here, it runs on this replica's loop; placed on another member, it goes to
 * that member's {@link Addresses#control} over the clustered event bus as JSON ({@link
 * ControlMessages}), and the owner runs it on its loop and answers. While an app is moving (its
 * partition migrating, or its new owner still claiming it) the request is asked again for up to
 * {@link #SETTLE}. A Git push concerns every replica's apps: it goes to every member.
 */
public final class OwnerRouting implements AppControl {
  private static final Logger LOG = Logger.getLogger(OwnerRouting.class.getName());

  /** How long a request waits for an app that is moving between replicas. */
  static final Duration SETTLE = Duration.ofSeconds(20);

  /** A sync may run long (waves, hooks): the owner answers when it is done. */
  private static final DeliveryOptions LONG = new DeliveryOptions().setSendTimeout(600_000);

  private static final DeliveryOptions SHORT = new DeliveryOptions().setSendTimeout(30_000);

  /** Placed like an app, so that one member leads the background work and another takes over. */
  private static final AppId LEADER_KEY = AppId.of("gitops-gateway", "app-sets");

  private final Vertx vertx;
  private final ReconcileLoop loop;
  private final PartitionOwnership ownership;
  private final AppStore apps;

  public OwnerRouting(
      Vertx vertx, ReconcileLoop loop, PartitionOwnership ownership, AppStore apps) {
    this.vertx = vertx;
    this.loop = loop;
    this.ownership = ownership;
    this.apps = apps;
  }

  /** Serves this replica's address: the other replicas' requests for the apps it owns. */
  public Future<Void> start() {
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.control(ownership.replica()), this::serve)
        .completion();
  }

  @Override
  public Future<AppStatus> refresh(AppId id, Intent intent) {
    return route(
            id,
            () -> loop.refresh(id, intent),
            ControlMessages.request("refresh", id).put("intent", ControlMessages.intent(intent)),
            LONG)
        .compose(json -> status(id, json));
  }

  @Override
  public Future<JsonObject> dryRun(AppId id, Intent intent) {
    return route(
        id,
        () -> loop.dryRun(id, intent),
        ControlMessages.request("dryRun", id).put("intent", ControlMessages.intent(intent)),
        LONG);
  }

  @Override
  public Future<AppStatus> rollback(
      AppId id, String revision, String who, boolean overrideSyncWindow) {
    return route(
            id,
            () -> loop.rollback(id, revision, who, overrideSyncWindow),
            ControlMessages.request("rollback", id)
                .put("revision", revision)
                .put("who", who)
                .put("overrideSyncWindow", overrideSyncWindow),
            LONG)
        .compose(json -> status(id, json));
  }

  @Override
  public Future<Optional<String>> syncWindowBlock(AppId id) {
    return route(
            id,
            () -> loop.syncWindowBlock(id).map(ControlMessages::optional),
            ControlMessages.request("syncWindowBlock", id),
            SHORT)
        .map(json -> Optional.ofNullable(((JsonObject) json).getString("value")));
  }

  @Override
  public Future<AppStatus> resumeAutoSync(AppId id) {
    return route(id, () -> loop.resumeAutoSync(id), ControlMessages.request("resume", id), LONG)
        .compose(json -> status(id, json));
  }

  @Override
  public Future<Optional<String>> pauseOf(AppId id) {
    return route(
            id,
            () -> loop.pauseOf(id).map(ControlMessages::optional),
            ControlMessages.request("pauseOf", id),
            SHORT)
        .map(json -> Optional.ofNullable(((JsonObject) json).getString("value")));
  }

  @Override
  public Future<JsonArray> lastDiff(AppId id) {
    return route(id, () -> loop.lastDiff(id), ControlMessages.request("lastDiff", id), SHORT);
  }

  @Override
  public Future<AppStatus> upserted(App app) {
    AppId id = app.id();
    if (ownership.placedHere(id)) {
      return loop.upserted(app);
    }
    // the owner reads the app as stored (the API stored it before announcing it)
    return remote(id, ControlMessages.request("upserted", id), LONG, 0)
        .compose(json -> status(id, json));
  }

  @Override
  public Future<Void> removed(AppId id) {
    // wherever it was: the owner lets go of it, and so does any replica still holding it
    return everyMember(ControlMessages.request("removed", id), () -> loop.removed(id)).mapEmpty();
  }

  @Override
  public Future<AppDeletion.Result> deleteObjects(App app, Propagation cascade) {
    AppId id = app.id();
    return route(
            id,
            () -> loop.deleteObjects(app, cascade).map(ControlMessages::deletion),
            ControlMessages.request("deleteObjects", id).put("cascade", cascade.name()),
            LONG)
        .map(json -> ControlMessages.deletion((JsonObject) json));
  }

  @Override
  public Future<Map<String, Integer>> pushed(Set<String> repoKeys, Optional<PushHint> hint) {
    JsonObject request =
        ControlMessages.request("pushed", null)
            .put("repositories", new JsonArray(List.copyOf(repoKeys)))
            .put("hint", hint.map(ControlMessages::hint).orElse(null));
    return everyMember(request, () -> loop.pushed(repoKeys, hint).map(ControlMessages::counts))
        .map(
            answers -> {
              Map<String, Integer> total = new TreeMap<>();
              for (Object a : answers) {
                ((JsonObject) a)
                    .forEach(
                        e ->
                            total.merge(
                                e.getKey(), ((Number) e.getValue()).intValue(), Integer::sum));
              }
              return total;
            });
  }

  @Override
  public Future<Void> refreshRepository(String url) {
    return everyMember(
            ControlMessages.request("refreshRepository", null).put("url", url),
            () -> loop.refreshRepository(url).map(v -> new JsonObject()))
        .mapEmpty();
  }

  @Override
  public boolean knows(AppId id) {
    // placed elsewhere: the owner says whether it exists (a 404 from there)
    return !ownership.placedHere(id) || loop.knows(id);
  }

  @Override
  public boolean replicated() {
    return true;
  }

  /** The member that the partition table gives the key {@code app-sets} leads. */
  @Override
  public boolean leads() {
    return ownership.placedHere(LEADER_KEY);
  }

  @Override
  public OperationStore operations() {
    return loop.operations();
  }

  @Override
  public GitSources sources() {
    return loop.sources();
  }

  /** The owner's side: runs a request on this replica's loop, if the app is (still) here. */
  private void serve(Message<JsonObject> msg) {
    JsonObject req = msg.body();
    String op = req.getString("op");
    Future<?> answer;
    try {
      answer =
          switch (op) {
            case "pushed" ->
                loop.pushed(
                        ControlMessages.strings(req.getJsonArray("repositories")),
                        Optional.ofNullable(req.getJsonObject("hint")).map(ControlMessages::hint))
                    .map(ControlMessages::counts);
            case "refreshRepository" ->
                loop.refreshRepository(req.getString("url")).map(v -> new JsonObject());
            case "removed" -> loop.removed(ControlMessages.app(req)).map(v -> new JsonObject());
            case "upserted" -> upsertedHere(ControlMessages.app(req));
            default -> ownedHere(ControlMessages.app(req), op, req);
          };
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(
        r -> {
          if (r.succeeded()) {
            msg.reply(r.result());
          } else if (r.cause() instanceof ReplyException re) {
            msg.fail(re.failureCode(), re.getMessage());
          } else {
            msg.fail(ControlMessages.code(r.cause()), String.valueOf(r.cause().getMessage()));
          }
        });
  }

  private Future<?> ownedHere(AppId id, String op, JsonObject req) {
    if (!ownership.placedHere(id) || loop.app(id).isEmpty()) {
      return Future.failedFuture(
          new ReplyException(
              io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
              ControlMessages.NOT_HERE,
              "app " + id + " is not on replica " + ownership.replica()));
    }
    return switch (op) {
      case "refresh" ->
          loop.refresh(id, ControlMessages.intent(req.getJsonObject("intent"))).map(done());
      case "dryRun" -> loop.dryRun(id, ControlMessages.intent(req.getJsonObject("intent")));
      case "rollback" ->
          loop.rollback(
                  id,
                  req.getString("revision"),
                  req.getString("who"),
                  req.getBoolean("overrideSyncWindow", false))
              .map(done());
      case "syncWindowBlock" -> loop.syncWindowBlock(id).map(ControlMessages::optional);
      case "resume" -> loop.resumeAutoSync(id).map(done());
      case "pauseOf" -> loop.pauseOf(id).map(ControlMessages::optional);
      case "lastDiff" -> loop.lastDiff(id);
      case "deleteObjects" ->
          loop.deleteObjects(
                  loop.app(id).orElseThrow(), Propagation.valueOf(req.getString("cascade")))
              .map(ControlMessages::deletion);
      default -> Future.failedFuture(new IllegalArgumentException("unknown request " + op));
    };
  }

  private Future<?> upsertedHere(AppId id) {
    if (!ownership.placedHere(id)) {
      return Future.failedFuture(
          new ReplyException(
              io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
              ControlMessages.NOT_HERE,
              "app " + id + " is not placed on replica " + ownership.replica()));
    }
    return apps.get(id)
        .compose(
            app ->
                app.isEmpty()
                    ? Future.failedFuture(new IllegalStateException("app " + id + " not found"))
                    : loop.upserted(app.get()).map(done()));
  }

  private static Function<AppStatus, JsonObject> done() {
    return status -> new JsonObject();
  }

  /** After the owner ran a request: the app's status as the owner recorded it. */
  private Future<AppStatus> status(AppId id, Object answer) {
    if (answer instanceof AppStatus local) {
      return Future.succeededFuture(local);
    }
    return apps.get(id)
        .compose(
            app ->
                app.isPresent()
                    ? Future.succeededFuture(app.get().status())
                    : Future.failedFuture(new IllegalStateException("app " + id + " not found")));
  }

  /**
   * Runs {@code local} when the app is here and known; else sends {@code request} to the member it
   * is placed on. Answers of the local call pass as they are (an AppStatus, a JSON value).
   */
  @SuppressWarnings("unchecked")
  private <T> Future<T> route(
      AppId id, Supplier<Future<?>> local, JsonObject request, DeliveryOptions options) {
    if (ownership.placedHere(id) && loop.app(id).isPresent()) {
      return (Future<T>) local.get();
    }
    return (Future<T>) remote(id, request, options, 0);
  }

  private Future<Object> remote(AppId id, JsonObject request, DeliveryOptions options, int tries) {
    // placed here too (it moved here meanwhile): this replica's own address serves it
    Optional<String> owner = ownership.placement(id);
    Future<Object> sent =
        owner.isEmpty()
            ? Future.failedFuture(new IllegalStateException("app " + id + " has no replica yet"))
            : vertx
                .eventBus()
                .request(Addresses.control(owner.get()), request, options)
                .map(Message::body);
    return sent.recover(
        err -> {
          boolean moving =
              owner.isEmpty()
                  || (err instanceof ReplyException re
                      && (re.failureCode() == ControlMessages.NOT_HERE
                          || re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS));
          if (moving && (tries + 1) * 250L < SETTLE.toMillis()) {
            Promise<Object> again = Promise.promise();
            vertx.setTimer(250, t -> remote(id, request, options, tries + 1).onComplete(again));
            return again.future();
          }
          if (moving) {
            LOG.warning("app " + id + " found on no replica within " + SETTLE.toSeconds() + " s");
          }
          return Future.failedFuture(
              err instanceof ReplyException re ? ControlMessages.failure(re) : err);
        });
  }

  /** Sends {@code request} to every other member and runs {@code local} here; their answers. */
  private Future<List<Object>> everyMember(JsonObject request, Supplier<Future<?>> local) {
    List<Future<?>> answers = new ArrayList<>();
    answers.add(local.get());
    for (String member : ownership.members()) {
      if (member.equals(ownership.replica())) {
        continue;
      }
      answers.add(
          vertx
              .eventBus()
              .request(Addresses.control(member), request, SHORT)
              .map(Message::body)
              .recover(
                  err -> {
                    LOG.warning(
                        "replica "
                            + member
                            + " did not take "
                            + request.getString("op")
                            + ": "
                            + err.getMessage());
                    return Future.succeededFuture(new JsonObject());
                  }));
    }
    return Future.all(answers)
        .map(
            all -> {
              List<Object> out = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                out.add(all.resultAt(i));
              }
              return out;
            });
  }
}
