package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.SHOP_TENANT;
import static io.gitops.gateway.support.SyncFixtures.completeJob;
import static io.gitops.gateway.support.SyncFixtures.configMap;
import static io.gitops.gateway.support.SyncFixtures.hookJob;
import static io.gitops.gateway.support.SyncFixtures.job;
import static io.gitops.gateway.support.SyncFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync cut short by stopping the gateway is closed with the reason and resumed on restart, not
 * lost or doubled.
 */
class SyncRestartTest {
  static final String APP = "/api/v1/tenants/shop/apps/slow";

  @TempDir Path work;
  GatewayHarness gw;
  TestRepo repo;

  @AfterEach
  void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  JsonArray operations(String token) throws Exception {
    return gw.call(HttpMethod.GET, APP + "/operations", token, null)
        .bodyAsJsonObject()
        .getJsonArray("items");
  }

  @Test
  void anInterruptedSyncIsMarkedAndResumedAfterARestart() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP_TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "slow",
        Map.of(
            "apps/slow/migrate.yaml",
            hookJob("migrate", "PreSync"),
            "apps/slow/settings.yaml",
            configMap("settings", "blue", "")));
    String token = gw.token("ann", "shop-admins");
    var kube = gw.clusters.get("dev").client();
    assertThat(
            gw.call(HttpMethod.PUT, APP, token, spec(repo.url(), "apps/slow", "shop-slow", null))
                .statusCode())
        .isEqualTo(201);

    // The sync waits for its PreSync Job, which nobody completes before the gateway stops.
    gw.http
        .request(HttpMethod.POST, gw.gateway.port(), "localhost", APP + "/operations")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject());
    await().atMost(Duration.ofSeconds(30)).until(() -> job(kube, "shop-slow", "migrate") != null);
    String firstJob = job(kube, "shop-slow", "migrate").getMetadata().getUid();
    assertThat(operations(token).getJsonObject(0).getString("phase")).isEqualTo("Running");

    gw = gw.restart(work);
    String token2 = gw.token("ann", "shop-admins");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonArray ops = operations(token2);
              assertThat(ops).hasSize(2);
              assertThat(ops.getJsonObject(1).getString("phase")).isEqualTo("Failed");
              assertThat(ops.getJsonObject(1).getString("message"))
                  .contains("interrupted")
                  .contains("resumed");
              assertThat(ops.getJsonObject(0).getString("triggeredBy"))
                  .isEqualTo(
                      "resume of operation #" + ops.getJsonObject(1).getLong("id") + " (ann)");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                job(kube, "shop-slow", "migrate") != null
                    && !job(kube, "shop-slow", "migrate").getMetadata().getUid().equals(firstJob));
    assertThat(kube.configMaps().inNamespace("shop-slow").withName("settings").get()).isNull();
    completeJob(kube, "shop-slow", "migrate");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(operations(token2).getJsonObject(0).getString("phase"))
                    .isEqualTo("Succeeded"));
    assertThat(kube.configMaps().inNamespace("shop-slow").withName("settings").get().getData())
        .containsEntry("color", "blue");
    assertThat(operations(token2)).as("no other operation: nothing applied twice").hasSize(2);
  }
}
