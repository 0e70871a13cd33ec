package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps registered after the gateway started: a dashboard already following the tenant on /ws/status
 * sees their first sync's result (the UI's "last sync"), for a manual sync and for the automated
 * sync that runs right after creation.
 */
class NewAppSyncFeedTest {
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "shop"}]
      """;
  static final String CONFIG =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: %s}
      data: {color: blue}
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "apps",
        Map.of(
            "manual/config.yaml", CONFIG.formatted("manual"),
            "auto/config.yaml", CONFIG.formatted("auto")));
    token = gw.token("ana", "shop-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  @Test
  void theFirstManualSyncOfANewAppReachesAFollowingClient() throws Exception {
    List<JsonObject> seen = follow("/ws/status?tenant=shop");
    JsonObject manual = AppSpecs.onMain(repo.url(), "manual", "dev", "shop");
    assertThat(
            gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/manual", token, manual).statusCode())
        .isEqualTo(201);
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/manual/sync", token, null)
                .statusCode())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(phases(seen, "manual")).contains("Succeeded"));
  }

  @Test
  void theAutomatedSyncRightAfterCreationReachesAFollowingClient() throws Exception {
    List<JsonObject> seen = follow("/ws/status?tenant=shop");
    JsonObject auto =
        AppSpecs.onMain(repo.url(), "auto", "dev", "shop")
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/auto", token, auto).statusCode())
        .isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(phases(seen, "auto")).contains("Succeeded"));
  }

  private static List<String> phases(List<JsonObject> messages, String app) {
    return messages.stream()
        .filter(m -> app.equals(m.getString("app")) && m.getJsonObject("operation") != null)
        .map(m -> m.getJsonObject("operation").getString("phase"))
        .distinct()
        .toList();
  }

  private static List<JsonObject> follow(String uri) throws Exception {
    List<JsonObject> messages = new CopyOnWriteArrayList<>();
    var ws = gw.vertx.createWebSocketClient().webSocket();
    ws.textMessageHandler(text -> messages.add(new JsonObject(text)));
    ws.connect(
            new WebSocketConnectOptions()
                .setHost("localhost")
                .setPort(gw.gateway.port())
                .setURI(uri)
                .addHeader("Authorization", "Bearer " + token))
        .await(20, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> messages.stream().anyMatch(m -> "snapshot-complete".equals(m.getString("type"))));
    return messages;
  }
}
