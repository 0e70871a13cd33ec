package io.gitops.gateway.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live feed over real WebSockets: the fan-out, a real HTTP server with {@link StatusSocket},
 * tokens from the dev issuer, changes published on the event bus as the reconcile loop does.
 */
class StatusFeedTest {
  static Vertx vertx;
  static DevIssuer issuer;
  static HttpServer server;
  static StatusFeed feed;
  static final FeedOptions OPTIONS =
      new FeedOptions(100, Duration.ofSeconds(5), 10_000, Duration.ofMillis(500));
  static final AtomicInteger cutOff = new AtomicInteger();
  static final AtomicLong eras = new AtomicLong();
  static final java.util.Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Messages.registerCodecs(vertx);
    issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
    TokenVerifier verifier =
        TokenVerifier.discover(vertx, issuer.issuer(), DevIssuer.AUDIENCE)
            .await(30, TimeUnit.SECONDS);
    Access access =
        new Access(
            Map.of(
                new TenantId("shop"), tenant("shop", "shop-viewers"),
                new TenantId("bank"), tenant("bank", "bank-admins")),
            "gitops-operators");
    List<App> initial =
        List.of(
            app("shop", "web-1", "dev"),
            app("shop", "web-2", "dev"),
            app("shop", "api", "prod"),
            app("bank", "ledger", "dev"));
    feed =
        new StatusFeed(
            () -> Future.succeededFuture(initial),
            // Apps "created after start" go to their own cluster: other tests' snapshots stay as
            // they are.
            id ->
                Future.succeededFuture(
                    Optional.of(
                        app(
                            id.tenant().value(),
                            id.name(),
                            id.name().startsWith("later-") ? "later" : "dev"))),
            // Eras as the database's sequence hands them out; ClusteredFeedTest takes them from
            // PostgreSQL.
            () -> Future.succeededFuture(eras.incrementAndGet()),
            OPTIONS);
    vertx.deployVerticle(feed).await(10, TimeUnit.SECONDS);
    Router router = Router.router(vertx);
    router
        .get("/ws/status")
        .handler(
            new StatusSocket(
                vertx,
                (token, from) ->
                    revoked.contains(token)
                        ? Future.failedFuture(new IllegalStateException("revoked"))
                        : verifier.verify(token),
                access,
                feed,
                new FeedStats() {
                  @Override
                  public void sent() {}

                  @Override
                  public void dropped(int n) {}

                  @Override
                  public void cutOff() {
                    cutOff.incrementAndGet();
                  }
                },
                () -> {},
                () -> {}));
    // Small socket buffers so a paused reader backs up after a few messages, not megabytes.
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setSendBufferSize(4096))
            .requestHandler(router)
            .listen(0, "localhost")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
  }

  static Tenant tenant(String name, String group) {
    return new Tenant(
        new TenantId(name), name, Map.of(group, Role.VIEWER), List.of("*"), List.of());
  }

  static App app(String tenant, String name, String cluster) {
    AppSpec spec =
        new AppSpec(
            AppId.of(tenant, name),
            new AppSpec.Source("file:///repo", "main", ""),
            new AppSpec.Destination(new ClusterId(cluster), "default"),
            null);
    return new App(spec, 1, AppStatus.unknown(""));
  }

  static void publish(String tenant, String name, SyncStatus sync, String message) {
    vertx
        .eventBus()
        .publish(
            Addresses.APP_STATUS,
            new Messages.StatusChanged(
                AppId.of(tenant, name),
                new AppStatus(
                    sync, HealthStatus.HEALTHY, "", "abc123", message, List.of(), Instant.now())));
  }

  static FeedClient connect(String query, String... groups) throws Exception {
    return FeedClient.connect(
        vertx,
        server.actualPort(),
        "/ws/status" + query,
        issuer.token("u", List.of(groups), 600),
        0);
  }

  @Test
  void snapshotOfVisibleAppsThenMarkerThenLiveChangesWithIncreasingSequence() throws Exception {
    FeedClient c = connect("?cluster=dev", "shop-viewers");
    await().atMost(Duration.ofSeconds(10)).until(() -> c.marker() != null);
    assertThat(c.ofType("app"))
        .extracting(m -> m.getString("app"))
        .containsExactlyInAnyOrder("web-1", "web-2");
    long marker = c.marker().getLong("seq");
    assertThat(c.marker().getInteger("count")).isEqualTo(2);

    publish("bank", "ledger", SyncStatus.SYNCED, "other tenant");
    publish("shop", "api", SyncStatus.SYNCED, "other cluster");
    publish("shop", "web-1", SyncStatus.OUT_OF_SYNC, "drift");
    publish("shop", "web-1", SyncStatus.SYNCED, "healed");

    await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("change").size() >= 2);
    List<JsonObject> changes = c.ofType("change");
    assertThat(changes).extracting(m -> m.getString("message")).containsExactly("drift", "healed");
    assertThat(changes.get(0).getLong("seq")).isGreaterThan(marker);
    assertThat(changes.get(1).getLong("seq")).isGreaterThan(changes.get(0).getLong("seq"));
    assertThat(changes.get(1).getString("sync")).isEqualTo("Synced");
    assertThat(c.messages).noneMatch(m -> "bank".equals(m.getString("tenant")));
    c.close();
  }

  @Test
  void theFirstSyncOfAnAppTheFeedDoesNotKnowYetReachesAFollowingClient() throws Exception {
    FeedClient c = connect("?app=later-web", "shop-viewers");
    await().atMost(Duration.ofSeconds(10)).until(() -> c.marker() != null);
    assertThat(c.ofType("app")).isEmpty();

    // Registered after start and never announced to the feed: its sync is the first it hears of.
    OperationState running =
        new OperationState(7, OperationState.RUNNING, "", "abc123", Instant.now(), "ana");
    publishOperation("shop", "later-web", running);
    publishOperation("shop", "later-web", running.finished("Succeeded", "synced to abc123"));

    await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("change").size() >= 2);
    assertThat(c.ofType("change"))
        .extracting(m -> m.getJsonObject("operation").getString("phase"))
        .containsExactly("Running", "Succeeded");
    assertThat(c.ofType("change").get(1).getString("cluster")).isEqualTo("later");
    c.close();
  }

  static void publishOperation(String tenant, String name, OperationState operation) {
    vertx
        .eventBus()
        .publish(
            Addresses.APP_OPERATION,
            new Messages.OperationChanged(AppId.of(tenant, name), operation));
  }

  @Test
  void aClientThatReconnectsWithItsLastSequenceGetsWhatItMissed() throws Exception {
    FeedClient first = connect("?app=web-2", "shop-viewers");
    await().atMost(Duration.ofSeconds(10)).until(() -> first.marker() != null);
    long last = first.marker().getLong("seq");
    first.close();

    publish("shop", "web-2", SyncStatus.OUT_OF_SYNC, "missed-1");
    publish("shop", "web-1", SyncStatus.OUT_OF_SYNC, "not mine");
    publish("shop", "web-2", SyncStatus.SYNCED, "missed-2");

    FeedClient again = connect("?app=web-2&since=" + last, "shop-viewers");
    await().atMost(Duration.ofSeconds(10)).until(() -> !again.ofType("resumed").isEmpty());
    assertThat(again.ofType("change"))
        .extracting(m -> m.getString("message"))
        .containsExactly("missed-1", "missed-2");
    assertThat(again.ofType("app")).isEmpty();
    again.close();
  }

  @Test
  void aClientTooFarBehindTheReplayBufferGetsAFreshSnapshot() throws Exception {
    for (int i = 0; i < OPTIONS.replay() + 10; i++) {
      publish("shop", "web-1", SyncStatus.SYNCED, "churn " + i);
    }
    FeedClient c = connect("?since=1", "shop-viewers");
    await().atMost(Duration.ofSeconds(10)).until(() -> c.marker() != null);
    assertThat(c.ofType("resumed")).isEmpty();
    assertThat(c.ofType("app")).isNotEmpty();
    c.close();
  }

  @Test
  void aBrowserSendsItsTokenInTheFirstMessageAndABadTokenIsClosedWith4401() throws Exception {
    FeedClient c = FeedClient.connect(vertx, server.actualPort(), "/ws/status", null, 0);
    c.ws.writeTextMessage(
        new JsonObject()
            .put("type", "subscribe")
            .put("cluster", "prod")
            .put("token", issuer.token("u", List.of("shop-viewers"), 600))
            .encode());
    await().atMost(Duration.ofSeconds(10)).until(() -> c.marker() != null);
    assertThat(c.ofType("app")).extracting(m -> m.getString("app")).containsExactly("api");
    c.ws.writeTextMessage("{\"type\":\"ping\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.ofType("pong").isEmpty());
    c.close();

    FeedClient bad = FeedClient.connect(vertx, server.actualPort(), "/ws/status", null, 0);
    bad.ws.writeTextMessage(
        new JsonObject().put("type", "subscribe").put("token", "not-a-token").encode());
    await().atMost(Duration.ofSeconds(10)).until(() -> bad.closedWith != null);
    assertThat(bad.closedWith).isEqualTo(FeedOptions.UNAUTHORIZED);
  }

  @Test
  void aSocketIsClosedWith4401WhenItsTokenExpires() throws Exception {
    FeedClient c =
        FeedClient.connect(
            vertx,
            server.actualPort(),
            "/ws/status",
            issuer.token("u", List.of("shop-viewers"), 3),
            0);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.marker() != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> c.closedWith != null);
    assertThat(c.closedWith).isEqualTo(FeedOptions.UNAUTHORIZED);
  }

  @Test
  void aSocketWhoseTokenIsRevokedIsClosedWith4401AtTheNextCheck() throws Exception {
    String token = issuer.token("r", List.of("shop-viewers"), 600);
    FeedClient c = FeedClient.connect(vertx, server.actualPort(), "/ws/status", token, 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.marker() != null);
    revoked.add(token);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.closedWith != null);
    assertThat(c.closedWith).isEqualTo(FeedOptions.UNAUTHORIZED);
  }

  @Test
  void aSlowReaderIsCoalescedThenClosedWhileANormalReaderKeepsReceiving() throws Exception {
    FeedClient normal = connect("?tenant=shop", "shop-viewers");
    FeedClient slow =
        FeedClient.connect(
            vertx,
            server.actualPort(),
            "/ws/status?tenant=shop",
            issuer.token("s", List.of("shop-viewers"), 600),
            4096);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> normal.marker() != null && slow.marker() != null);

    slow.ws.pause();
    fill(normal, 0);
    slow.ws.resume();
    await().atMost(Duration.ofSeconds(20)).until(() -> finalStates(slow, 9).size() == APPS);
    List<JsonObject> got = slow.ofType("change");
    assertThat(got.size()).as("older states of an app were coalesced away").isLessThan(10 * APPS);
    for (int i = 1; i < got.size(); i++) {
      assertThat(got.get(i).getLong("seq")).isGreaterThan(got.get(i - 1).getLong("seq"));
    }

    // Backed up again and not reading at all for longer than maxLag: it is cut off, the normal
    // reader is not.
    slow.ws.pause();
    fill(normal, 10);
    await().atMost(Duration.ofSeconds(30)).until(() -> cutOff.get() >= 1);
    slow.ws.resume();
    await().atMost(Duration.ofSeconds(30)).until(() -> slow.closedWith != null);
    assertThat(slow.closedWith).isEqualTo(FeedOptions.TOO_SLOW);

    publish("shop", "web-2", SyncStatus.SYNCED, "after the slow one left");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                normal.ofType("change").stream()
                    .anyMatch(m -> "after the slow one left".equals(m.getString("message"))));
    assertThat(normal.closedWith).isNull();
    normal.close();
  }

  static final int APPS = 20;

  /** Ten rounds of large changes to the same apps: enough to back up a paused reader's socket. */
  static void fill(FeedClient normal, int firstRound) {
    String big = "x".repeat(20_000);
    for (int r = firstRound; r < firstRound + 10; r++) {
      for (int a = 0; a < APPS; a++) {
        publish("shop", "slow-" + a, SyncStatus.SYNCED, "round " + r + " " + big);
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> finalStates(normal, firstRound + 9).size() == APPS);
  }

  static Set<String> finalStates(FeedClient c, int round) {
    Set<String> apps = new HashSet<>();
    c.ofType("change")
        .forEach(
            m -> {
              if (m.getString("message").startsWith("round " + round + " ")) {
                apps.add(m.getString("app"));
              }
            });
    return apps;
  }
}
