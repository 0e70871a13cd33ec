package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.health;
import static io.gitops.gateway.support.GatewayHarness.resource;
import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes behind the gateway's back, on a simulated cluster: each is seen as drift naming exactly
 * the object and field, and a change of status alone is not. The app syncs only when asked, so
 * nothing heals the drift before it is observed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftDetectionTest {
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: shop}]
      """;
  static final String MANIFESTS =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: "web:1.0"}]
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, labels: {tier: web}}
      data: {color: blue}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{port: 80}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient cluster;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("web", Map.of("web/all.yaml", MANIFESTS));
    token = gw.token("ann", "shop-admins");
    cluster = gw.clusters.get("dev").client();
    JsonObject spec =
        AppSpecs.of(repo.url(), "web", "dev", "shop")
            // The edits below are made by another field manager; a sync of this app is meant to
            // take the fields back.
            .put(
                "syncPolicy",
                new JsonObject()
                    .put(
                        "syncOptions",
                        new io.vertx.core.json.JsonArray().add("FieldConflicts=Override")));
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/web", token, spec).statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    repo.close();
  }

  @BeforeEach
  void syncedAndHealthy() throws Exception {
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/sync", token, null)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("shop", "web", token);
              assertThat(syncStatus(app)).isEqualTo("Synced");
              assertThat(health(app)).isEqualTo("Healthy");
            });
  }

  static JsonObject driftedTo(String kind, String name) {
    JsonObject[] seen = new JsonObject[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("shop", "web", token);
              assertThat(syncStatus(app)).isEqualTo("OutOfSync");
              seen[0] = resource(app, kind, name);
              assertThat(seen[0].getString("status")).isEqualTo("OutOfSync");
            });
    return seen[0];
  }

  static long outOfSyncObjects() throws Exception {
    return gw.app("shop", "web", token).getJsonObject("status").getJsonArray("resources").stream()
        .filter(r -> "OutOfSync".equals(((JsonObject) r).getString("status")))
        .count();
  }

  @Test
  @Order(1)
  void scalingTheDeploymentIsDriftOnSpecReplicas() throws Exception {
    cluster.apps().deployments().inNamespace("shop").withName("web").scale(5);
    assertThat(driftedTo("Deployment", "web").getString("message")).contains("/spec/replicas");
    assertThat(outOfSyncObjects()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void editingTheConfigMapIsDriftOnThatKey() throws Exception {
    cluster
        .configMaps()
        .inNamespace("shop")
        .withName("settings")
        .edit(
            cm -> {
              cm.getData().put("color", "red");
              return cm;
            });
    assertThat(driftedTo("ConfigMap", "settings").getString("message")).contains("/data/color");
    assertThat(outOfSyncObjects()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void changingALabelGitSetsIsDrift() throws Exception {
    cluster
        .configMaps()
        .inNamespace("shop")
        .withName("settings")
        .edit(
            cm -> {
              cm.getMetadata().getLabels().put("tier", "db");
              return cm;
            });
    assertThat(driftedTo("ConfigMap", "settings").getString("message"))
        .contains("/metadata/labels/tier");
  }

  @Test
  @Order(4)
  void aLabelAddedBehindTheGatewaysBackIsDriftAndASyncRemovesIt() throws Exception {
    // Another manager's field: server-side apply alone would leave it there.
    cluster
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .edit(
            d -> {
              d.getMetadata().getLabels().put("audit", "done");
              return d;
            });
    assertThat(driftedTo("Deployment", "web").getString("message"))
        .contains("/metadata/labels/audit");
    assertThat(outOfSyncObjects()).isEqualTo(1);

    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/sync", token, null)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> syncStatus(gw.app("shop", "web", token)).equals("Synced"));
    assertThat(
            cluster
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getLabels())
        .doesNotContainKey("audit")
        .containsKeys("gitops.io/tenant", "gitops.io/app");
  }

  @Test
  @Order(5)
  void deletingAnObjectMakesItMissing() throws Exception {
    cluster.services().inNamespace("shop").withName("web").delete();
    JsonObject service = driftedTo("Service", "web");
    assertThat(service.getString("health")).isEqualTo("Missing");
    assertThat(service.getString("message")).isEqualTo("missing from the cluster");
    assertThat(health(gw.app("shop", "web", token))).isEqualTo("Missing");
  }

  @Test
  @Order(6)
  void aChangeOfStatusAloneIsNotDrift() throws Exception {
    cluster
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .editStatus(
            d -> {
              d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
              d.getStatus().setCollisionCount(3);
              return d;
            });
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/refresh", token, null)
                .statusCode())
        .isEqualTo(200);
    JsonObject app = gw.app("shop", "web", token);
    assertThat(syncStatus(app)).isEqualTo("Synced");
    assertThat(
            cluster
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getStatus()
                .getCollisionCount())
        .isEqualTo(3);
  }

  @Test
  @Order(7)
  void metricsCountDriftAndTimeComparisons() throws Exception {
    String text = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    assertThat(text)
        .containsPattern("gitops_drift_detected_total\\{cluster=\"dev\",tenant=\"shop\"} [4-9]");
    assertThat(text).contains("gitops_compare_duration_seconds_count");
    assertThat(text).contains("gitops_cluster_connected{cluster=\"dev\"} 1.0");
    assertThat(text).containsPattern("gitops_cluster_watched_objects\\{cluster=\"dev\"} 3.0");
  }
}
