package io.gitops.gateway.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.Launcher;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.config.ReplicaConfig;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.Database;
import io.gitops.gateway.store.EmbeddedServer;
import io.gitops.gateway.store.FeedEras;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the live feed, each on its own clustered Vert.x (Hazelcast over loopback), one
 * PostgreSQL handing out eras: a client of either replica sees what the other publishes, and a
 * client that moves between them never sees a number go back.
 */
class ClusteredFeedTest {
  static EmbeddedServer postgres;
  static Node a;
  static Node b;

  /** The apps both replicas' databases would hold: "made-*" apps exist once announced. */
  static final Set<AppId> stored = ConcurrentHashMap.newKeySet();

  record Node(Vertx vertx, Database db, StatusFeed feed, HttpServer server) {}

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("clustered-feed");
    postgres = EmbeddedServer.start(work.resolve("postgres"));
    int portA = freePort();
    int portB = freePort();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    stored.add(AppId.of("shop", "web"));
    // A first, B after: A's era is the lower one, as for a replica that started earlier.
    a = node(portA, members, work);
    b = node(portB, members, work);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Node n : new Node[] {b, a}) {
      if (n != null) {
        n.vertx().close().await(60, TimeUnit.SECONDS);
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  static Node node(int port, List<String> members, Path work) throws Exception {
    Vertx vertx =
        Launcher.vertx(
            new GatewayMetrics(),
            new ReplicaConfig(true, "127.0.0.1", port, 0, members, null, Duration.ofSeconds(5)));
    Messages.registerCodecs(vertx);
    Database db =
        Database.start(
                vertx,
                new GatewayConfig.Database(
                    postgres.url(),
                    EmbeddedServer.USER,
                    EmbeddedServer.PASSWORD,
                    2,
                    work.resolve("unused")))
            .await(120, TimeUnit.SECONDS);
    StatusFeed feed =
        new StatusFeed(
            () -> Future.succeededFuture(List.of(app(AppId.of("shop", "web")))),
            id ->
                Future.succeededFuture(
                    stored.contains(id) ? Optional.of(app(id)) : Optional.empty()),
            new FeedEras(db.pool())::next,
            new FeedOptions(100, Duration.ofSeconds(5), 10_000, Duration.ofMillis(50)));
    vertx.deployVerticle(feed).await(30, TimeUnit.SECONDS);
    Access access =
        new Access(
            Map.of(new TenantId("shop"), StatusFeedTest.tenant("shop", "shop-viewers")),
            "gitops-operators");
    Router router = Router.router(vertx);
    router
        .get("/ws/status")
        .handler(
            new StatusSocket(
                vertx,
                (token, from) ->
                    Future.succeededFuture(new Principal("u", Set.of("shop-viewers"), token)),
                access,
                feed,
                FeedStats.NONE,
                () -> {},
                () -> {}));
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "localhost")
            .await(10, TimeUnit.SECONDS);
    return new Node(vertx, db, feed, server);
  }

  @Test
  void aStatusPublishedOnOneReplicaReachesAClientOfTheOther() throws Exception {
    FeedClient onA = connect(a, "");
    await().atMost(Duration.ofSeconds(10)).until(() -> onA.marker() != null);
    // The members learn each other's consumers a moment after they register: publish until seen.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              publishStatus(b, "web", "from B");
              assertThat(onA.ofType("change"))
                  .anySatisfy(m -> assertThat(m.getString("message")).isEqualTo("from B"));
            });
    JsonObject change =
        onA.ofType("change").stream()
            .filter(m -> "from B".equals(m.getString("message")))
            .findFirst()
            .orElseThrow();
    assertThat(change.getString("app")).isEqualTo("web");
    assertThat(change.getString("sync")).isEqualTo("OutOfSync");
    assertThat(change.getString("revision")).isEqualTo("abc123");
    assertThat(change.getLong("seq")).isGreaterThan(onA.marker().getLong("seq"));
    onA.close();
  }

  @Test
  void aClusteredBusSerialisesOnlyForTheOtherMember() throws Exception {
    Messages.StatusChanged sent =
        new Messages.StatusChanged(AppId.of("shop", "web"), AppStatus.unknown("identity"));
    CompletableFuture<Object> onB = new CompletableFuture<>();
    CompletableFuture<Object> onA = new CompletableFuture<>();
    var local = b.vertx().eventBus().consumer("identity-test", m -> onB.complete(m.body()));
    var remote = a.vertx().eventBus().consumer("identity-test", m -> onA.complete(m.body()));
    local.completion().await(10, TimeUnit.SECONDS);
    remote.completion().await(10, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              b.vertx().eventBus().publish("identity-test", sent);
              return onA.isDone();
            });
    assertThat(onB.get(10, TimeUnit.SECONDS)).isSameAs(sent);
    assertThat(onA.get(10, TimeUnit.SECONDS)).isNotSameAs(sent).isEqualTo(sent);
    local.unregister();
    remote.unregister();
  }

  /**
   * What the notifier and the sync audit rely on to act once, on the owner: their local consumers
   * never get another member's publish. Both consumers share one event loop, so had the local one
   * been given B's message, it would have run before the later local publish.
   */
  @Test
  void aLocalConsumerHearsOnlyItsOwnMember() throws Exception {
    String address = "local-test";
    List<Object> local = new CopyOnWriteArrayList<>();
    CompletableFuture<Object> clustered = new CompletableFuture<>();
    var context = a.vertx().getOrCreateContext();
    CompletableFuture<List<MessageConsumer<Object>>> consumers = new CompletableFuture<>();
    context.runOnContext(
        v ->
            consumers.complete(
                List.of(
                    a.vertx().eventBus().localConsumer(address, m -> local.add(m.body())),
                    a.vertx().eventBus().consumer(address, m -> clustered.complete(m.body())))));
    for (var c : consumers.get(10, TimeUnit.SECONDS)) {
      c.completion().await(10, TimeUnit.SECONDS);
    }
    Messages.ClusterState fromB = new Messages.ClusterState(new ClusterId("b"), true, null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              b.vertx().eventBus().publish(address, fromB);
              return clustered.isDone();
            });
    Messages.ClusterState fromA = new Messages.ClusterState(new ClusterId("a"), true, null);
    a.vertx().eventBus().publish(address, fromA);
    await().atMost(Duration.ofSeconds(10)).until(() -> !local.isEmpty());
    assertThat(local.get(0)).isSameAs(fromA);
    assertThat(local).doesNotContain(fromB);
    consumers.get().forEach(MessageConsumer::unregister);
  }

  @Test
  void aClientMovingToTheReplicaOfAnEarlierEraGetsASnapshotNumberedAboveWhatItSaw()
      throws Exception {
    FeedClient onB = connect(b, "");
    await().atMost(Duration.ofSeconds(10)).until(() -> onB.marker() != null);
    publishStatus(b, "web", "seen on B");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                onB.ofType("change").stream()
                    .anyMatch(m -> "seen on B".equals(m.getString("message"))));
    long last = onB.ofType("change").get(onB.ofType("change").size() - 1).getLong("seq");
    onB.close();

    // A number A never gave, and above anything A gave: A takes a new era first.
    FeedClient onA = connect(a, "?since=" + last);
    await().atMost(Duration.ofSeconds(10)).until(() -> onA.marker() != null);
    assertThat(onA.ofType("resumed")).isEmpty();
    assertThat(onA.ofType("app"))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.getLong("seq")).isGreaterThan(last));
    long marker = onA.marker().getLong("seq");
    assertThat(marker).isGreaterThan(last);
    // And what A numbers next stays above.
    publishStatus(a, "web", "after the move");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                onA.ofType("change").stream()
                    .anyMatch(m -> "after the move".equals(m.getString("message"))));
    assertThat(onA.ofType("change"))
        .allSatisfy(m -> assertThat(m.getLong("seq")).isGreaterThan(marker));
    onA.close();

    // Back on B with A's number (now of the later era): B too moves above it.
    FeedClient back = connect(b, "?since=" + marker);
    await().atMost(Duration.ofSeconds(10)).until(() -> back.marker() != null);
    assertThat(back.marker().getLong("seq")).isGreaterThan(marker);
    back.close();
  }

  @Test
  void anAppCreatedAndDeletedThroughOneReplicaReachesTheOthersClients() throws Exception {
    AppId made = AppId.of("shop", "made-on-a");
    FeedClient onB = connect(b, "?app=made-on-a");
    await().atMost(Duration.ofSeconds(10)).until(() -> onB.marker() != null);
    assertThat(onB.marker().getInteger("count")).isZero();
    stored.add(made);
    // As AppService does on the replica that served the request; B learns it from the
    // announcement (and looks the app up), then its first status from the owner.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              a.feed().upserted(app(made));
              publishStatus(a, "made-on-a", "first status");
              assertThat(onB.ofType("change")).isNotEmpty();
            });
    stored.remove(made);
    a.feed().removed(made);
    await().atMost(Duration.ofSeconds(10)).until(() -> !onB.ofType("deleted").isEmpty());
    assertThat(onB.ofType("deleted").get(0).getString("app")).isEqualTo("made-on-a");
    onB.close();
  }

  static FeedClient connect(Node node, String query) throws Exception {
    return FeedClient.connect(
        node.vertx(), node.server().actualPort(), "/ws/status" + query, "t", 0);
  }

  static void publishStatus(Node node, String name, String message) {
    node.vertx()
        .eventBus()
        .publish(
            Addresses.APP_STATUS,
            new Messages.StatusChanged(
                AppId.of("shop", name),
                new AppStatus(
                    SyncStatus.OUT_OF_SYNC,
                    HealthStatus.HEALTHY,
                    "",
                    "abc123",
                    message,
                    List.of(),
                    Instant.now())));
  }

  static App app(AppId id) {
    return StatusFeedTest.app(id.tenant().value(), id.name(), "dev");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
