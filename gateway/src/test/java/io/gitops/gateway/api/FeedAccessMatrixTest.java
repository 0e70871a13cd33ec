package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.MatrixCallers;
import io.gitops.gateway.support.MatrixCallers.Caller;
import io.gitops.gateway.support.MatrixCallers.Standing;
import io.gitops.gateway.support.MatrixGateway;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access matrix of the live feeds: GraphQL subscriptions (graphql-transport-ws on /graphql),
 * /ws/status (token in the header or in the first message) and SSE (/api/v1/stream/apps) × every
 * caller of {@link MatrixCallers}. Each caller opens a feed on its own tenants and one aimed at the
 * other tenant; status changes of both tenants are published on the event bus as the reconcile loop
 * does; the own feed must get its tenant's change and neither feed anything of the other tenant
 * (the operator gets both). Every refused credential is closed with 4401 (WebSocket) or 401 (SSE).
 */
class FeedAccessMatrixTest {
  /**
   * The GraphQL subscriptions: {@code $T} the tenant, {@code $A} its app. {@link
   * GraphQLAccessMatrixTest} checks this against the schema.
   */
  static final Map<String, String> SUBSCRIPTIONS =
      Map.of(
          "appStatusChanged", "subscription { appStatusChanged$F { tenant app message } }",
          "syncProgress",
              "subscription { syncProgress(tenant: \"$T\", app: \"$A\") { tenant app message } }");

  /** A live feed as a client sees it: every text it received, how it was closed. */
  interface Feed {
    String received();

    Short closedWith();

    /** The server has registered the subscription (it sent its snapshot marker or acknowledged). */
    boolean registered();

    void close();
  }

  /** Opens a feed with a token on {@code tenant} (null: everything the token may see). */
  interface Transport {
    Feed open(String token, String tenant) throws Exception;
  }

  static final AtomicInteger NEWS = new AtomicInteger();

  @TempDir static Path work;
  static MatrixGateway world;
  static GatewayHarness gw;
  static MatrixCallers callers;
  static HttpClient sse;

  @BeforeAll
  static void start() throws Exception {
    world = MatrixGateway.start(work);
    gw = world.gw;
    callers = world.callers;
    // One connection per feed, never reused: a feed's close() closes its connection, and the pool
    // could otherwise hand that closing connection to the next feed's request, which then hangs.
    sse =
        gw.vertx.createHttpClient(
            new io.vertx.core.http.HttpClientOptions().setKeepAlive(false),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
  }

  @AfterAll
  static void stop() throws Exception {
    if (world != null) {
      world.close();
    }
  }

  static String app(String tenant) {
    return MatrixGateway.app(tenant);
  }

  static String other(String tenant) {
    return tenant.equals("team-b") ? "team-a" : "team-b";
  }

  static Map<String, Transport> transports() {
    Map<String, Transport> out = new java.util.LinkedHashMap<>();
    SUBSCRIPTIONS.keySet().stream()
        .sorted()
        .forEach(
            name ->
                out.put("graphql " + name, (token, tenant) -> GqlFeed.open(name, token, tenant)));
    out.put("/ws/status (header)", (token, tenant) -> SocketFeed.open(token, tenant, false));
    out.put("/ws/status (first message)", (token, tenant) -> SocketFeed.open(token, tenant, true));
    out.put("SSE /api/v1/stream/apps", SseFeed::open);
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyFeedForEveryCaller() {
    List<DynamicTest> tests = new ArrayList<>();
    transports()
        .forEach(
            (transport, open) -> {
              for (Caller caller : callers.valid()) {
                tests.add(
                    DynamicTest.dynamicTest(
                        transport + " × " + caller.name(),
                        () -> seesOnlyItsOwn(transport, open, caller)));
              }
              callers
                  .refused()
                  .forEach(
                      (name, token) -> {
                        if (transport.contains("(header)") && token.get() == null) {
                          return; // no header: the socket waits for a first message, which is the
                          // next transport's case
                        }
                        tests.add(
                            DynamicTest.dynamicTest(
                                transport + " × " + name,
                                () -> {
                                  Feed feed = open.open(token.get(), null);
                                  await()
                                      .atMost(Duration.ofSeconds(15))
                                      .until(() -> feed.closedWith() != null);
                                  assertThat(feed.closedWith())
                                      .as(feed.received())
                                      .isEqualTo(
                                          transport.startsWith("SSE") ? (short) 401 : (short) 4401);
                                  publishBoth();
                                  assertThat(feed.received())
                                      .doesNotContain("alpha")
                                      .doesNotContain("bravo")
                                      .doesNotContain("connection_ack");
                                  feed.close();
                                }));
                      });
            });
    return tests.stream();
  }

  static void seesOnlyItsOwn(String transport, Transport open, Caller caller) throws Exception {
    boolean operator = caller.standing() == Standing.OPERATOR;
    String home = operator ? "team-a" : caller.home();
    String foreign = other(home);
    // Aimed at the other tenant first: registered before the own feed, so it had every chance to
    // get the news.
    Feed aimed = open.open(caller.token().get(), foreign);
    Feed own = open.open(caller.token().get(), transport.contains("syncProgress") ? home : null);
    try {
      check(transport, operator, home, foreign, aimed, own);
    } finally {
      aimed.close();
      own.close();
    }
  }

  static void check(
      String transport, boolean operator, String home, String foreign, Feed aimed, Feed own) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(aimed.registered() && own.registered())
                    .as(
                        "both feeds registered; aimed: %s; own: %s; closed: %s/%s",
                        aimed.received(), own.received(), aimed.closedWith(), own.closedWith())
                    .isTrue());
    String homeNews = home + "-news-" + NEWS.incrementAndGet();
    String foreignNews = foreign + "-news-" + NEWS.incrementAndGet();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              publish(foreign, foreignNews);
              publish(home, homeNews);
              return own.received().contains(homeNews)
                  && (!operator || aimed.received().contains(foreignNews));
            });
    if (operator) {
      if (!transport.contains("syncProgress")) {
        await().atMost(Duration.ofSeconds(5)).until(() -> own.received().contains(foreignNews));
      }
      assertThat(aimed.received())
          .as("the filter holds for the operator too")
          .doesNotContain(homeNews);
      return;
    }
    assertThat(own.received())
        .as("own feed leaks " + foreign)
        .doesNotContain(foreignNews)
        .doesNotContain(app(foreign));
    assertThat(aimed.received())
        .as("a feed aimed at " + foreign + " gets its data")
        .doesNotContain(foreignNews)
        .doesNotContain(app(foreign))
        .doesNotContain(homeNews);
  }

  static void publishBoth() {
    publish("team-a", "team-a-news-" + NEWS.incrementAndGet());
    publish("team-b", "team-b-news-" + NEWS.incrementAndGet());
  }

  static void publish(String tenant, String message) {
    gw.vertx
        .eventBus()
        .publish(
            Addresses.APP_STATUS,
            new Messages.StatusChanged(
                AppId.of(tenant, app(tenant)),
                new AppStatus(
                    SyncStatus.SYNCED,
                    HealthStatus.HEALTHY,
                    "",
                    "abc",
                    message,
                    List.of(),
                    Instant.now())));
  }

  /**
   * A WebSocket client that records text frames and the close code; handlers set before connecting.
   */
  static class Socket implements Feed {
    ClientWebSocket ws;
    final List<String> texts = new CopyOnWriteArrayList<>();
    final AtomicReference<Short> closed = new AtomicReference<>();

    Socket(WebSocketConnectOptions options) throws Exception {
      options.setHost("localhost").setPort(gw.gateway.port());
      for (int attempt = 1; ; attempt++) {
        ClientWebSocket candidate = gw.vertx.createWebSocketClient().webSocket();
        ws = candidate;
        candidate.textMessageHandler(texts::add);
        candidate.closeHandler(v -> closed.set(candidate.closeStatusCode()));
        try {
          candidate.connect(options).await(20, TimeUnit.SECONDS);
          return;
        } catch (IllegalStateException e) {
          // The client's own race: the server closed (4401 at once) before connect() set its
          // handlers. Again.
          if (closed.get() != null) {
            return; // closed, and we know how
          }
          if (attempt == 5) {
            throw e;
          }
        }
      }
    }

    void send(JsonObject message) {
      ws.writeTextMessage(message.encode());
    }

    @Override
    public String received() {
      return String.join("\n", texts);
    }

    @Override
    public Short closedWith() {
      return closed.get();
    }

    @Override
    public void close() {
      ws.close();
    }

    @Override
    public boolean registered() {
      return received().contains("snapshot-complete");
    }
  }

  /**
   * /ws/status: token and tenant in the upgrade request, or in the first {"type":"subscribe"}
   * message.
   */
  static final class SocketFeed {
    static Feed open(String token, String tenant, boolean firstMessage) throws Exception {
      WebSocketConnectOptions options =
          new WebSocketConnectOptions()
              .setURI("/ws/status" + (!firstMessage && tenant != null ? "?tenant=" + tenant : ""));
      if (!firstMessage && token != null) {
        options.addHeader("Authorization", "Bearer " + token);
      }
      Socket s = new Socket(options);
      if (firstMessage) {
        JsonObject subscribe = new JsonObject().put("type", "subscribe");
        if (token != null) {
          subscribe.put("token", token);
        }
        if (tenant != null) {
          subscribe.put("tenant", tenant);
        }
        s.send(subscribe);
      }
      return s;
    }
  }

  /** graphql-transport-ws: connection_init with the token, then one subscription. */
  static final class GqlFeed extends Socket {
    GqlFeed() throws Exception {
      super(
          new WebSocketConnectOptions().setURI("/graphql").addSubProtocol("graphql-transport-ws"));
    }

    static Feed open(String subscription, String token, String tenant) throws Exception {
      GqlFeed s = new GqlFeed();
      s.send(
          new JsonObject()
              .put("type", "connection_init")
              .put(
                  "payload",
                  token == null ? new JsonObject() : new JsonObject().put("token", token)));
      // graphql-transport-ws: a subscribe before connection_ack is closed with 4401 (API tokens
      // take a database look-up)
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> s.received().contains("connection_ack") || s.closedWith() != null);
      if (s.closedWith() != null) {
        return s;
      }
      String filter = tenant == null ? "" : "(filter: {tenant: \"" + tenant + "\"})";
      String query =
          SUBSCRIPTIONS
              .get(subscription)
              .replace("$F", filter)
              .replace("$T", tenant == null ? "team-a" : tenant)
              .replace("$A", app(tenant == null ? "team-a" : tenant));
      s.send(
          new JsonObject()
              .put("id", "1")
              .put("type", "subscribe")
              .put("payload", new JsonObject().put("query", query)));
      return s;
    }

    @Override
    public boolean registered() {
      return received()
          .contains(
              "connection_ack"); // the subscription registers asynchronously: the caller publishes
      // until it arrives
    }
  }

  /** SSE: the response status and every chunk of the event stream. */
  static final class SseFeed implements Feed {
    final StringBuffer text = new StringBuffer();
    final AtomicReference<Short> refused = new AtomicReference<>();
    final AtomicReference<io.vertx.core.http.HttpClientResponse> response = new AtomicReference<>();

    @Override
    public void close() {
      var r = response.get();
      if (r != null) {
        r.request().connection().close();
      }
    }

    static Feed open(String token, String tenant) {
      SseFeed feed = new SseFeed();
      sse.request(
              HttpMethod.GET,
              gw.gateway.port(),
              "localhost",
              "/api/v1/stream/apps" + (tenant == null ? "" : "?tenant=" + tenant))
          .compose(
              req -> {
                if (token != null) {
                  req.putHeader("Authorization", "Bearer " + token);
                }
                return req.send();
              })
          .onSuccess(
              resp -> {
                feed.response.set(resp);
                if (resp.statusCode() != 200) {
                  feed.refused.set((short) resp.statusCode());
                }
                resp.handler(b -> feed.text.append(b.toString()));
              });
      return feed;
    }

    @Override
    public String received() {
      return text.toString();
    }

    @Override
    public Short closedWith() {
      return refused.get();
    }

    @Override
    public boolean registered() {
      return received().contains("snapshot-complete");
    }
  }
}
