package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica watches only the kinds its apps deploy: when the last app deploying a kind on a cluster
 * leaves, the informer's watch is closed on the API server (the simulator counts the WebSocket
 * watches open on it) and its cache no longer counts in {@code watched_objects}; an app that comes
 * back has its kinds watched again and syncs. The linger is 0 here: stopped at once.
 */
class InformersFollowAppsTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: shop}, {cluster: edge, namespace: shop}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static SimulatedCluster dev;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("shop", TENANT),
            List.of("dev", "edge"),
            Map.of("kube", Map.of("probe-interval-seconds", 1, "informer-linger-seconds", 0)));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "two apps",
        Map.of(
            "web/deploy.yaml", SyncFixtures.deployment("web", "web:1.0", 0),
            "mixed/deploy.yaml", SyncFixtures.deployment("api", "api:1.0", 0),
            "mixed/settings.yaml", SyncFixtures.configMap("settings", "blue", ""),
            "slim/deploy.yaml", SyncFixtures.deployment("slim", "slim:1.0", 0),
            "slim/extra.yaml", SyncFixtures.configMap("extra", "blue", ""),
            "doomed/a.yaml", SyncFixtures.configMap("doomed", "blue", ""),
            "doomed/drain.yaml", SyncFixtures.hookJob("drain", "PreDelete")));
    token = gw.token("ann", "shop-admins");
    dev = gw.clusters.get("dev");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static void synced(String app) throws Exception {
    synced(app, "dev");
  }

  static void synced(String app, String cluster) throws Exception {
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/" + app,
                    token,
                    AppSpecs.of(repo.url(), app, cluster, "shop"))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/" + app + "/sync", token, null);
              assertThat(syncStatus(gw.app("shop", app, token))).isEqualTo("Synced");
            });
  }

  /** Deleted from the gateway only: its objects stay, so no cache shrinks by a deletion. */
  static void orphaned(String app) throws Exception {
    assertThat(
            gw.call(
                    HttpMethod.DELETE,
                    "/api/v1/tenants/shop/apps/" + app + "?cascade=orphan",
                    token,
                    null)
                .statusCode())
        .isEqualTo(204);
  }

  /** The gauge of cluster dev (edge is another test's). */
  static double watchedObjects() throws Exception {
    String text = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    var m =
        java.util.regex.Pattern.compile(
                "(?m)^gitops_cluster_watched_objects\\{cluster=\"dev\"} ([0-9.E+-]+)$")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void anInformerNobodyNeedsIsStoppedAndOneNeededAgainIsStartedAgain() throws Exception {
    synced("web");
    synced("mixed");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(dev.openWatches("apps/deployments")).isEqualTo(1);
              assertThat(dev.openWatches("configmaps")).isEqualTo(1);
              assertThat(watchedObjects()).as("two Deployments, one ConfigMap").isEqualTo(3.0);
            });

    orphaned("mixed");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(dev.openWatches("configmaps"))
                  .as("no app left deploys a ConfigMap")
                  .isZero();
              assertThat(watchedObjects())
                  .as("both Deployments, the orphaned one still labelled; no ConfigMap")
                  .isEqualTo(2.0);
            });
    assertThat(dev.openWatches("apps/deployments")).as("web still deploys one").isEqualTo(1);
    assertThat(dev.client().configMaps().inNamespace("shop").withName("settings").get())
        .as("the ConfigMap is still there: its cache went, not the object")
        .isNotNull();

    orphaned("web");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(dev.openWatches()).as("no app left on the cluster").isZero();
              assertThat(watchedObjects()).isZero();
            });
    assertThat(gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString())
        .as("the cluster stays registered and probed")
        .contains("gitops_cluster_connected{cluster=\"dev\"} 1.0");

    synced("web");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(dev.openWatches("apps/deployments")).isEqualTo(1);
              assertThat(dev.openWatches("configmaps")).isZero();
              assertThat(watchedObjects()).as("both Deployments again").isEqualTo(2.0);
            });
  }

  @Test
  void aKindThatLeavesGitIsWatchedUntilItsObjectsArePrunedThenStopped() throws Exception {
    SimulatedCluster edge = gw.clusters.get("edge");
    synced("slim", "edge");
    await().atMost(WAIT).until(() -> edge.openWatches("configmaps") == 1);

    repo.commit("no more ConfigMap", java.util.Collections.singletonMap("slim/extra.yaml", null));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/slim/refresh", token, null);
              assertThat(syncStatus(gw.app("shop", "slim", token))).isEqualTo("OutOfSync");
            });
    assertThat(edge.openWatches("configmaps"))
        .as("the ConfigMap left Git but not the cluster: watched, so that a prune can see it")
        .isEqualTo(1);

    assertThat(
            gw.call(
                    HttpMethod.POST,
                    "/api/v1/tenants/shop/apps/slim/operations",
                    token,
                    new io.vertx.core.json.JsonObject().put("prune", true))
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/slim/refresh", token, null);
              assertThat(syncStatus(gw.app("shop", "slim", token))).isEqualTo("Synced");
              assertThat(edge.openWatches("configmaps")).as("pruned: nothing to watch").isZero();
            });
    assertThat(edge.openWatches("apps/deployments")).isEqualTo(1);
  }

  @Test
  void aDeletionKeepsItsKindsWatchedUntilItIsOverWhateverTheLinger() throws Exception {
    SimulatedCluster edge = gw.clusters.get("edge");
    var kube = edge.client();
    synced("doomed", "edge");

    var deletion =
        gw.http
            .request(
                HttpMethod.DELETE,
                gw.gateway.port(),
                "localhost",
                "/api/v1/tenants/shop/apps/doomed")
            .bearerTokenAuthentication(token)
            .send();
    await()
        .atMost(WAIT)
        .until(() -> kube.batch().v1().jobs().inNamespace("shop").withName("drain").get() != null);
    // the app left the loop a while ago (linger 0): its hook's health is still read from the Job
    // informer, and its objects to delete from the ConfigMap informer
    SyncFixtures.completeJob(kube, "shop", "drain");
    assertThat(deletion.await(60, java.util.concurrent.TimeUnit.SECONDS).statusCode())
        .isEqualTo(204);
    assertThat(kube.configMaps().inNamespace("shop").withName("doomed").get())
        .as("deleted: the caches still held it when the deletion listed the app's objects")
        .isNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(edge.openWatches("batch/jobs")).isZero();
              assertThat(edge.openWatches("configmaps")).isZero();
            });
  }
}
