package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphQL on a whole gateway: queries, mutations, limits, and subscriptions over
 * graphql-transport-ws.
 */
class GraphQLApiTest {
  static final String SHOP =
      """
      name: shop
      roles:
        shop-admins: admin
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "shop-*"
      """;
  static final String BANK =
      """
      name: bank
      roles:
        bank-admins: admin
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "bank-*"
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static String shop;
  static String bank;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP, "bank", BANK), List.of("dev"));
    shop = gw.token("ann", "shop-admins");
    bank = gw.token("ben", "bank-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  static JsonObject graphql(String token, String query) throws Exception {
    var r = gw.call(HttpMethod.POST, "/graphql", token, new JsonObject().put("query", query));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static String create(String tenant, String name) {
    return "mutation { createApp(tenant: \""
        + tenant
        + "\", name: \""
        + name
        + "\", input: {repoURL: \"https://git.example.com/shop/r\", path: \"web\","
        + " cluster: \"dev\", namespace: \""
        + tenant
        + "-web\", labels: [{key: \"team\", value: \"a\"}]}) { name version labels { key value } } }";
  }

  @Test
  void anUnknownSyncOptionIsRefusedNamingItAndNoAppIsCreated() throws Exception {
    JsonObject refused =
        graphql(
            shop,
            "mutation { createApp(tenant: \"shop\", name: \"gql-typo\", input: {repoURL: \"https://git.example.com/shop/r\", path: \"web\", cluster: \"dev\", namespace: \"shop-web\", syncOptions: [\"CreateNamespce=true\"]}) { version } }");
    JsonObject error = refused.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getInteger("status")).isEqualTo(400);
    assertThat(error.getString("message")).contains("CreateNamespce=true");
    assertThat(
            graphql(shop, "{ app(tenant: \"shop\", name: \"gql-typo\") { name } }")
                .getJsonObject("data")
                .getValue("app"))
        .isNull();
  }

  @Test
  void anUpdateCanSayEverythingTheSpecHoldsAndReadsItBack() throws Exception {
    String full =
        "{repoURL: \"https://git.example.com/shop/r\", path: \"web\", cluster: \"dev\", namespace: \"shop-web\", automated: true, prune: true,"
            + " allowEmpty: true, syncOptions: [\"FieldConflicts=Override\"],"
            + " ignoreDifferences: [{group: \"apps\", kind: \"Deployment\", jsonPointers: [\"/spec/replicas\"]}]}";
    assertThat(
            graphql(
                    shop,
                    "mutation { createApp(tenant: \"shop\", name: \"gql-full\", input: "
                        + full
                        + ") { version } }")
                .getValue("errors"))
        .isNull();
    JsonObject updated =
        graphql(
            shop,
            "mutation { updateApp(tenant: \"shop\", name: \"gql-full\", version: 1, input: "
                + full
                + ") { version } }");
    assertThat(updated.getValue("errors")).as(updated.encode()).isNull();

    JsonObject read =
        graphql(
            shop,
            "{ app(tenant: \"shop\", name: \"gql-full\") { spec { syncPolicy { automated { prune allowEmpty }"
                + " syncOptions } ignoreDifferences { group kind jsonPointers } } } }");
    assertThat(read.getValue("errors")).as(read.encode()).isNull();
    JsonObject spec = read.getJsonObject("data").getJsonObject("app").getJsonObject("spec");
    assertThat(spec.getJsonObject("syncPolicy").getJsonObject("automated").getBoolean("allowEmpty"))
        .isTrue();
    assertThat(spec.getJsonObject("syncPolicy").getJsonArray("syncOptions"))
        .containsExactly("FieldConflicts=Override");
    assertThat(spec.getJsonArray("ignoreDifferences").getJsonObject(0).getJsonArray("jsonPointers"))
        .containsExactly("/spec/replicas");
    assertThat(
            graphql(shop, "mutation { deleteApp(tenant: \"shop\", name: \"gql-full\") }")
                .getValue("errors"))
        .isNull();
  }

  static final String SEVERAL_SOURCES =
      "sources: [{repoURL: \"https://charts.example.com/stable\", chart: \"redis\","
          + " targetRevision: \"19.x\", helm: {valueFiles: [\"$values/redis/prod.yaml\"]}},"
          + " {repoURL: \"https://git.example.com/shop/config\", targetRevision: \"main\","
          + " ref: \"values\"}]";

  static JsonObject answered(String query) throws Exception {
    JsonObject answer = graphql(shop, query);
    assertThat(answer.getValue("errors")).as(answer.encode()).isNull();
    return answer;
  }

  static String field(JsonObject answer) {
    assertThat(answer.getValue("errors")).as(answer.encode()).isNotNull();
    return answer
        .getJsonArray("errors")
        .getJsonObject(0)
        .getJsonObject("extensions")
        .getString("field");
  }

  @Test
  void severalSourcesAreWrittenAndReadBackAsOverRest() throws Exception {
    answered(
        "mutation { createApp(tenant: \"shop\", name: \"gql-multi\", input: {"
            + SEVERAL_SOURCES
            + ", cluster: \"dev\", namespace: \"shop-cache\"}) { version } }");
    JsonObject read =
        answered(
            "{ app(tenant: \"shop\", name: \"gql-multi\") { spec { source { repoURL chart }"
                + " sources { repoURL targetRevision chart ref helm { valueFiles } } } } }");
    JsonObject spec = read.getJsonObject("data").getJsonObject("app").getJsonObject("spec");
    assertThat(spec.getJsonObject("source").getString("chart")).isEqualTo("redis");
    JsonArray sources = spec.getJsonArray("sources");
    assertThat(sources).hasSize(2);
    assertThat(sources.getJsonObject(0).getString("targetRevision")).isEqualTo("19.x");
    assertThat(sources.getJsonObject(0).getJsonObject("helm").getJsonArray("valueFiles"))
        .containsExactly("$values/redis/prod.yaml");
    assertThat(sources.getJsonObject(1).getString("ref")).isEqualTo("values");
    // The REST body is the same spec.
    JsonObject rest = gw.app("shop", "gql-multi", shop).getJsonObject("spec");
    assertThat(rest.getJsonArray("sources").getJsonObject(1).getString("ref")).isEqualTo("values");
    assertThat(rest.containsKey("source")).isFalse();

    // An update that still sends a single source's fields next to sources is refused, naming it;
    // a $ref no source defines is refused the same; the app keeps its spec.
    JsonObject both =
        graphql(
            shop,
            "mutation { updateApp(tenant: \"shop\", name: \"gql-multi\", version: 1, input: {"
                + SEVERAL_SOURCES
                + ", path: \"web\", cluster: \"dev\", namespace: \"shop-cache\"}) { version } }");
    assertThat(field(both)).isEqualTo("sources");
    JsonObject dangling =
        graphql(
            shop,
            "mutation { updateApp(tenant: \"shop\", name: \"gql-multi\", version: 1, input: {"
                + SEVERAL_SOURCES.replace("ref: \"values\"", "ref: \"other\"")
                + ", cluster: \"dev\", namespace: \"shop-cache\"}) { version } }");
    assertThat(field(dangling)).isEqualTo("sources[0].helm.valueFiles[0]");
    assertThat(gw.app("shop", "gql-multi", shop).getInteger("version")).isEqualTo(1);
    answered("mutation { deleteApp(tenant: \"shop\", name: \"gql-multi\") }");
  }

  @Test
  void queriesAndMutationsGoThroughTheSameRulesAsRest() throws Exception {
    JsonObject created = graphql(shop, create("shop", "gql-web"));
    assertThat(created.getValue("errors")).as(created.encode()).isNull();
    assertThat(created.getJsonObject("data").getJsonObject("createApp").getInteger("version"))
        .isEqualTo(1);

    JsonObject page =
        graphql(
            shop,
            "{ tenants { name role appCount apps(first: 10) { edges { cursor node { name spec { destination { cluster } } status { sync { status } } objects { kind } labels { key value } } } pageInfo { hasNextPage endCursor } } } clusters { name } }");
    assertThat(page.getValue("errors")).as(page.encode()).isNull();
    JsonArray tenants = page.getJsonObject("data").getJsonArray("tenants");
    assertThat(tenants).hasSize(1);
    JsonObject t = tenants.getJsonObject(0);
    assertThat(t.getString("name")).isEqualTo("shop");
    assertThat(t.getInteger("appCount")).isGreaterThanOrEqualTo(1);
    assertThat(t.getJsonObject("apps").getJsonArray("edges").encode())
        .contains("gql-web")
        .contains("\"team\"");
    assertThat(page.getJsonObject("data").getJsonArray("clusters").encode()).contains("dev");

    JsonObject stale =
        graphql(
            shop,
            "mutation { updateApp(tenant: \"shop\", name: \"gql-web\", version: 7, input: {repoURL: \"https://git.example.com/shop/r\", cluster: \"dev\", namespace: \"shop-web\"}) { version } }");
    JsonObject error = stale.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getInteger("status")).isEqualTo(409);
    assertThat(error.getJsonObject("extensions").getString("field")).isEqualTo("version");

    JsonObject badDest =
        graphql(
            shop,
            "mutation { createApp(tenant: \"shop\", name: \"bad\", input: {repoURL: \"https://git.example.com/shop/r\", cluster: \"dev\", namespace: \"elsewhere\"}) { version } }");
    assertThat(
            badDest
                .getJsonArray("errors")
                .getJsonObject(0)
                .getJsonObject("extensions")
                .getString("field"))
        .isEqualTo("destination");

    JsonObject foreign = graphql(bank, "{ app(tenant: \"shop\", name: \"gql-web\") { name } }");
    assertThat(
            foreign
                .getJsonArray("errors")
                .getJsonObject(0)
                .getJsonObject("extensions")
                .getInteger("status"))
        .isEqualTo(404);
    assertThat(
            graphql(shop, "mutation { deleteApp(tenant: \"shop\", name: \"gql-web\") }")
                .getJsonObject("data")
                .getBoolean("deleteApp"))
        .isTrue();
  }

  @Test
  void tooDeepAQueryIsRefusedWithAClearError() throws Exception {
    String deep =
        "{ tenants { apps { edges { node { owner { apps { edges { node { owner { apps { edges { node { name } } } } } } } } } } } } }";
    JsonObject r = graphql(shop, deep);
    assertThat(r.getJsonArray("errors").encode()).containsIgnoringCase("depth");
    assertThat(r.getValue("data")).isNull();
    String fine =
        "{ tenants { apps { edges { node { owner { name } spec { syncPolicy { automated { prune } } } } } } } }";
    assertThat(graphql(shop, fine).getValue("errors")).isNull();
  }

  @Test
  void introspectionIsOnByDefault() throws Exception {
    JsonObject r = graphql(shop, "{ __schema { queryType { name } } }");
    assertThat(
            r.getJsonObject("data")
                .getJsonObject("__schema")
                .getJsonObject("queryType")
                .getString("name"))
        .isEqualTo("Query");
  }

  @Test
  void aSubscriptionGetsItsTenantsChangesAndACrossTenantSubscriptionGetsNothing() throws Exception {
    assertThat(graphql(shop, create("shop", "watched")).getValue("errors")).isNull();
    assertThat(graphql(bank, create("bank", "vault")).getValue("errors")).isNull();

    GqlWs own = GqlWs.open(shop);
    own.subscribe(
        "1",
        "subscription { appStatusChanged(filter: {tenant: \"shop\"}) { seq tenant app sync message } }");
    GqlWs intruder = GqlWs.open(bank);
    intruder.subscribe(
        "1",
        "subscription { appStatusChanged(filter: {tenant: \"shop\"}) { seq tenant app message } }");
    GqlWs progress = GqlWs.open(bank);
    progress.subscribe(
        "p",
        "subscription { syncProgress(tenant: \"bank\", app: \"vault\") { app message operation { id phase message } } }");
    // the subscription is registered on the feed asynchronously: publish until it arrives
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              publish("shop", "watched", "hello shop");
              publish("bank", "vault", "hello bank");
              gw.vertx
                  .eventBus()
                  .publish(
                      Addresses.APP_OPERATION,
                      new Messages.OperationChanged(
                          AppId.of("bank", "vault"),
                          new OperationState(
                              7, OperationState.RUNNING, "syncing to abc", "abc", Instant.now())));
              return own.next().stream().anyMatch(m -> m.encode().contains("hello shop"))
                  && progress.next().stream().anyMatch(m -> m.encode().contains("hello bank"))
                  && progress.next().stream()
                      .anyMatch(
                          m ->
                              m.encode()
                                  .contains(
                                      "{\"id\":7.0,\"phase\":\"Running\",\"message\":\"syncing to abc\"}"));
            });
    assertThat(intruder.next()).isEmpty();
    assertThat(own.next()).noneMatch(m -> m.encode().contains("hello bank"));
  }

  @Test
  void aMissingOrBadTokenInConnectionInitIsClosedWith4401() throws Exception {
    GqlWs bad = GqlWs.connect();
    bad.send(
        new JsonObject()
            .put("type", "connection_init")
            .put("payload", new JsonObject().put("token", "forged")));
    await().atMost(Duration.ofSeconds(10)).until(() -> bad.closedWith.get() != null);
    assertThat(bad.closedWith.get()).isEqualTo((short) 4401);
  }

  static void publish(String tenant, String app, String message) {
    gw.vertx
        .eventBus()
        .publish(
            Addresses.APP_STATUS,
            new Messages.StatusChanged(
                AppId.of(tenant, app),
                new AppStatus(
                    SyncStatus.SYNCED,
                    HealthStatus.HEALTHY,
                    "",
                    "abc",
                    message,
                    List.of(),
                    Instant.now())));
  }

  /** A minimal graphql-transport-ws client on Vert.x's WebSocket client. */
  static final class GqlWs {
    final ClientWebSocket ws;
    final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    final AtomicReference<Short> closedWith = new AtomicReference<>();

    private GqlWs(ClientWebSocket ws) {
      this.ws = ws;
      ws.textMessageHandler(t -> messages.add(new JsonObject(t)));
      ws.closeHandler(v -> closedWith.set(ws.closeStatusCode()));
    }

    static GqlWs connect() throws Exception {
      GqlWs c = new GqlWs(gw.vertx.createWebSocketClient().webSocket());
      c.ws
          .connect(
              new WebSocketConnectOptions()
                  .setHost("localhost")
                  .setPort(gw.gateway.port())
                  .setURI("/graphql")
                  .addSubProtocol("graphql-transport-ws"))
          .await(20, TimeUnit.SECONDS);
      return c;
    }

    static GqlWs open(String token) throws Exception {
      GqlWs c = connect();
      c.send(
          new JsonObject()
              .put("type", "connection_init")
              .put("payload", new JsonObject().put("token", token)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  c.messages.stream().anyMatch(m -> "connection_ack".equals(m.getString("type"))));
      return c;
    }

    void subscribe(String id, String query) {
      send(
          new JsonObject()
              .put("id", id)
              .put("type", "subscribe")
              .put("payload", new JsonObject().put("query", query)));
    }

    List<JsonObject> next() {
      return messages.stream().filter(m -> "next".equals(m.getString("type"))).toList();
    }

    void send(JsonObject message) {
      ws.writeTextMessage(message.encode());
    }
  }
}
