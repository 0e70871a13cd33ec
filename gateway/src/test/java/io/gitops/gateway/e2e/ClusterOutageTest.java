package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.health;
import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.sim.SimulatorOptions;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that goes away: its apps turn Unknown with the reason (never a stale Synced); when it
 * comes back (empty, as after a rebuild), the gateway re-lists, sees what is missing and heals it.
 */
class ClusterOutageTest {
  static final String TENANT =
      """
      name: ops
      roles: {ops-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: edge, namespace: "*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("ops", TENANT), List.of("edge"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "cm",
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flags}\ndata: {a: '1'}\n"));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  @Test
  void appsGoUnknownWhileTheClusterIsAwayAndAreHealedWhenItReturns() throws Exception {
    String token = gw.token("olga", "ops-admins");
    JsonObject spec =
        AppSpecs.of(repo.url(), "app", "edge", "ops")
            .put(
                "syncPolicy",
                new JsonObject().put("automated", new JsonObject().put("selfHeal", true)));
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/ops/apps/flags", token, spec).statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> syncStatus(gw.app("ops", "flags", token)).equals("Synced"));

    SimulatedCluster edge = gw.clusters.get("edge");
    int port = edge.port();
    edge.close();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("ops", "flags", token);
              assertThat(syncStatus(app)).isEqualTo("Unknown");
              assertThat(health(app))
                  .as("its last health may no longer be true")
                  .isEqualTo("Unknown");
              assertThat(app.getJsonObject("status").getString("message"))
                  .contains("cluster 'edge' is unreachable");
            });
    assertThat(gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString())
        .contains("gitops_cluster_connected{cluster=\"edge\"} 0.0");

    SimulatedCluster back = SimulatedCluster.start("edge", SimulatorOptions.defaults(), port);
    gw.clusters.put("edge", back);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(back.client().configMaps().inNamespace("ops").withName("flags").get())
                  .isNotNull();
              assertThat(syncStatus(gw.app("ops", "flags", token))).isEqualTo("Synced");
            });
  }
}
