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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dashboard following an app on /ws/status sees its syncs as they run: the operation Running,
 * then Succeeded (or Failed with the reason), with the id of its row in the sync history; after a
 * restart the snapshot still shows each app's last sync, and a client resuming with a sequence
 * number from before the restart gets that snapshot rather than another run's changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncProgressFeedTest {
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
      metadata: {name: settings}
      data: {color: blue}
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static long seenBeforeRestart;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("app", Map.of("app/config.yaml", CONFIG));
    token = gw.token("ana", "shop-admins");
    JsonObject manual = AppSpecs.onMain(repo.url(), "app", "dev", "shop");
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/web", token, manual).statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  @Test
  @Order(1)
  void aManualSyncIsSeenRunningThenSucceededWithItsHistoryRow() throws Exception {
    List<JsonObject> seen = follow("/ws/status?tenant=shop&app=web");
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/sync", token, null)
                .statusCode())
        .isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(() -> phases(seen).contains("Succeeded"));
    List<String> phases = phases(seen);
    assertThat(phases.subList(phases.indexOf("Running"), phases.size()))
        .as("in order, each once")
        .startsWith("Running", "Succeeded");
    JsonObject succeeded =
        seen.stream().filter(m -> "Succeeded".equals(phase(m))).findFirst().orElseThrow();
    assertThat(succeeded.getJsonObject("operation").getString("message")).startsWith("synced to ");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                seen.stream()
                    .anyMatch(
                        m ->
                            "Synced".equals(m.getString("sync"))
                                && m.getJsonObject("operation") != null));

    assertThat(succeeded.getJsonObject("operation").getLong("id")).isEqualTo(lastOperationId());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        gw
                            .call(HttpMethod.GET, "/api/v1/tenants/shop/audit", token, null)
                            .bodyAsJsonObject()
                            .getJsonArray("items")
                            .stream()
                            .map(JsonObject.class::cast))
                    .as("the outcome is audited with who asked")
                    .anyMatch(
                        row ->
                            "app.sync.finished".equals(row.getString("action"))
                                && "succeeded".equals(row.getString("outcome"))
                                && "ana".equals(row.getString("subject"))));
    seenBeforeRestart =
        seen.stream()
            .filter(m -> m.containsKey("seq"))
            .mapToLong(m -> m.getLong("seq"))
            .max()
            .orElseThrow();
  }

  @Test
  @Order(2)
  void afterARestartTheSnapshotShowsEachAppsLastSync() throws Exception {
    long last = lastOperationId();
    gw = gw.restart(work);
    token = gw.token("ana", "shop-admins");

    // Resuming with a number from the previous run: a fresh snapshot, not this run's changes.
    List<JsonObject> seen = follow("/ws/status?tenant=shop&since=" + seenBeforeRestart);
    assertThat(seen).noneMatch(m -> "resumed".equals(m.getString("type")));
    JsonObject app =
        seen.stream().filter(m -> "app".equals(m.getString("type"))).findFirst().orElseThrow();
    assertThat(
            seen.stream()
                .filter(m -> "snapshot-complete".equals(m.getString("type")))
                .findFirst()
                .orElseThrow()
                .getLong("seq"))
        .as("numbers keep increasing across restarts")
        .isGreaterThan(seenBeforeRestart);
    assertThat(app.getJsonObject("operation")).as(app.encode()).isNotNull();
    assertThat(app.getJsonObject("operation").getLong("id")).isEqualTo(last);
    assertThat(app.getJsonObject("operation").getString("phase")).isEqualTo("Succeeded");
  }

  private static long lastOperationId() throws Exception {
    JsonObject history =
        gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/web/operations", token, null)
            .bodyAsJsonObject();
    return history.getJsonArray("items").getJsonObject(0).getLong("id");
  }

  private static List<String> phases(List<JsonObject> messages) {
    return messages.stream()
        .map(SyncProgressFeedTest::phase)
        .filter(p -> p != null)
        .distinct()
        .toList();
  }

  private static String phase(JsonObject message) {
    JsonObject op = message.getJsonObject("operation");
    return "change".equals(message.getString("type")) && op != null ? op.getString("phase") : null;
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
