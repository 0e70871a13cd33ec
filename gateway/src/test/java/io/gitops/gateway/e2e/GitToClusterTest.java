package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine, end to end on real parts: a Git repository on disk → JGit → render → informers →
 * server-side apply on a simulated cluster → status in PostgreSQL → REST and /metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitToClusterTest {
  static final String TENANT =
      """
      name: shop
      roles:
        shop-admins: admin
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "shop-*"
      """;
  static final String CONFIG_V1 =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        color: blue
      """;
  static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String firstCommit;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    firstCommit =
        repo.commit(
            "first", Map.of("apps/web/config.yaml", CONFIG_V1, "apps/web/service.yaml", SERVICE));
    token = gw.token("ann", "shop-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  static JsonObject spec() {
    return AppSpecs.onMain(repo.url(), "apps/web", "dev", "shop-web")
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject().put("prune", true)));
  }

  static JsonObject app() throws Exception {
    var response = gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/web", token, null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static ConfigMap liveConfig() {
    return gw.clusters
        .get("dev")
        .client()
        .configMaps()
        .inNamespace("shop-web")
        .withName("settings")
        .get();
  }

  @Test
  @Order(1)
  void registeredAppIsAppliedAndReportedSyncedAndHealthy() throws Exception {
    var created = gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/web", token, spec());
    assertThat(created.statusCode()).isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject status = app().getJsonObject("status");
              assertThat(status.getJsonObject("sync").getString("status")).isEqualTo("Synced");
              assertThat(status.getJsonObject("sync").getString("revision")).isEqualTo(firstCommit);
              assertThat(status.getJsonObject("health").getString("status")).isEqualTo("Healthy");
            });
    ConfigMap live = liveConfig();
    assertThat(live.getData()).containsEntry("color", "blue");
    assertThat(live.getMetadata().getLabels())
        .containsEntry("gitops.io/tenant", "shop")
        .containsEntry("gitops.io/app", "web");
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry("gitops.io/revision", firstCommit);
  }

  @Test
  @Order(2)
  void aNewCommitIsAppliedAfterARefreshAndTheStatusFollows() throws Exception {
    String second =
        repo.commit("green", Map.of("apps/web/config.yaml", CONFIG_V1.replace("blue", "green")));

    var refreshed = gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/refresh", token, null);
    assertThat(refreshed.statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(liveConfig().getData()).containsEntry("color", "green");
              JsonObject status = app().getJsonObject("status");
              assertThat(status.getJsonObject("sync").getString("revision")).isEqualTo(second);
              assertThat(status.getJsonObject("sync").getString("status")).isEqualTo("Synced");
            });
  }

  @Test
  @Order(3)
  void metricsCountTheAppBySyncAndHealthAndTimeTheSyncs() throws Exception {
    var metrics = gw.call(HttpMethod.GET, "/metrics", null, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    String text = metrics.bodyAsString();
    assertThat(text)
        .contains(
            "gitops_apps{health_status=\"Healthy\",sync_status=\"Synced\",tenant=\"shop\"} 1.0");
    assertThat(text)
        .contains(
            "gitops_sync_duration_seconds_count{cluster=\"dev\",phase=\"Succeeded\",tenant=\"shop\"}");
    assertThat(text).contains("# HELP gitops_sync_duration_seconds ");
    assertThat(text).contains("jvm_memory_used_bytes");
    assertThat(text).contains("vertx_http_server");
    assertThat(
            text.lines()
                .filter(l -> l.startsWith("# HELP "))
                .filter(l -> l.split(" ", 4).length < 4 || l.split(" ", 4)[3].isBlank()))
        .as("every meter has a description (promtool check metrics wants one)")
        .isEmpty();
  }

  @Test
  @Order(4)
  void readinessIsUpOnceClustersAndGitAreDone() throws Exception {
    var ready = gw.call(HttpMethod.GET, "/health/ready", null, null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("database"))
        .as("a real round trip")
        .isEqualTo("UP");
  }
}
