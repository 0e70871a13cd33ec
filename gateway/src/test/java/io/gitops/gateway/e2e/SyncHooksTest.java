package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.SHOP_TENANT;
import static io.gitops.gateway.support.SyncFixtures.completeJob;
import static io.gitops.gateway.support.SyncFixtures.configMap;
import static io.gitops.gateway.support.SyncFixtures.failJob;
import static io.gitops.gateway.support.SyncFixtures.hookJob;
import static io.gitops.gateway.support.SyncFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync hooks at their phases: a failing PreSync hook stops the sync before anything is applied and
 * runs the SyncFail hook; a PostSync hook runs once the app is applied; delete policies clean up.
 */
class SyncHooksTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP_TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    token = gw.token("ann", "shop-admins");
    kube = gw.clusters.get("dev").client();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static Future<HttpResponse<Buffer>> sync(String app) throws Exception {
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/" + app,
                    token,
                    SyncFixtures.spec(repo.url(), "apps/" + app, "shop-" + app, null))
                .statusCode())
        .isEqualTo(201);
    return gw.http
        .request(
            HttpMethod.POST,
            gw.gateway.port(),
            "localhost",
            "/api/v1/tenants/shop/apps/" + app + "/operations")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject());
  }

  static JsonObject lastOperation(String app) throws Exception {
    return gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/" + app + "/operations", token, null)
        .bodyAsJsonObject()
        .getJsonArray("items")
        .getJsonObject(0);
  }

  @Test
  void aFailingPreSyncHookAppliesNothingRunsTheSyncFailHookAndIsDeletedByItsPolicy()
      throws Exception {
    repo.commit(
        "failing",
        Map.of(
            "apps/fail/migrate.yaml",
            hookJob("migrate", "PreSync", "HookFailed"),
            "apps/fail/cleanup.yaml",
            hookJob("cleanup", "SyncFail"),
            "apps/fail/settings.yaml",
            configMap("settings", "blue", "")));
    Future<HttpResponse<Buffer>> sync = sync("fail");

    await().atMost(WAIT).until(() -> job(kube, "shop-fail", "migrate") != null);
    failJob(kube, "shop-fail", "migrate");
    await().atMost(WAIT).until(() -> job(kube, "shop-fail", "cleanup") != null);
    completeJob(kube, "shop-fail", "cleanup");

    assertThat(sync.await(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    JsonObject op = lastOperation("fail");
    assertThat(op.getString("phase")).isEqualTo("Failed");
    assertThat(op.getString("message")).contains("migrate");
    assertThat(kube.configMaps().inNamespace("shop-fail").withName("settings").get())
        .as("nothing applied")
        .isNull();
    await().atMost(WAIT).until(() -> job(kube, "shop-fail", "migrate") == null);
  }

  @Test
  void aPostSyncHookRunsOnceTheAppIsAppliedAndIsDeletedWhenItSucceeds() throws Exception {
    repo.commit(
        "post",
        Map.of(
            "apps/post/notify.yaml",
            hookJob("notify", "PostSync", "HookSucceeded"),
            "apps/post/settings.yaml",
            configMap("settings", "blue", "")));
    Future<HttpResponse<Buffer>> sync = sync("post");

    await().atMost(WAIT).until(() -> job(kube, "shop-post", "notify") != null);
    assertThat(kube.configMaps().inNamespace("shop-post").withName("settings").get())
        .as("applied before PostSync")
        .isNotNull();
    assertThat(sync.isComplete()).as("the sync waits for its PostSync hook").isFalse();
    completeJob(kube, "shop-post", "notify");

    assertThat(sync.await(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(lastOperation("post").getString("phase")).isEqualTo("Succeeded");
    await().atMost(WAIT).until(() -> job(kube, "shop-post", "notify") == null);
  }

  @Test
  void aSyncHookRunsInsideItsWaveAndTheNextWaveWaitsForIt() throws Exception {
    repo.commit(
        "in-wave",
        Map.of(
            "apps/inwave/first.yaml",
            configMap("first", "blue", ""),
            "apps/inwave/seed.yaml",
            hookJob("seed", "Sync", "HookSucceeded")
                .replace(
                    "argocd.argoproj.io/hook: Sync,",
                    "argocd.argoproj.io/hook: Sync, argocd.argoproj.io/sync-wave: \"1\","),
            "apps/inwave/last.yaml",
            configMap("last", "blue", "argocd.argoproj.io/sync-wave: \"2\"")));
    Future<HttpResponse<Buffer>> sync = sync("inwave");

    await().atMost(WAIT).until(() -> job(kube, "shop-inwave", "seed") != null);
    assertThat(kube.configMaps().inNamespace("shop-inwave").withName("first").get())
        .as("wave 0 applied before the wave-1 hook")
        .isNotNull();
    assertThat(kube.configMaps().inNamespace("shop-inwave").withName("last").get())
        .as("wave 2 waits for the wave-1 Sync hook")
        .isNull();
    completeJob(kube, "shop-inwave", "seed");

    assertThat(sync.await(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(lastOperation("inwave").getString("phase")).isEqualTo("Succeeded");
    assertThat(kube.configMaps().inNamespace("shop-inwave").withName("last").get()).isNotNull();
    await().atMost(WAIT).until(() -> job(kube, "shop-inwave", "seed") == null);
  }

  @Test
  void aHookWithGenerateNameGetsADeterministicNameAndRuns() throws Exception {
    repo.commit(
        "generated",
        Map.of(
            "apps/gen/notify.yaml",
            hookJob("notify", "PostSync").replace("name: notify", "generateName: notify-"),
            "apps/gen/settings.yaml",
            configMap("settings", "blue", "")));
    Future<HttpResponse<Buffer>> sync = sync("gen");

    await()
        .atMost(WAIT)
        .until(() -> !kube.batch().v1().jobs().inNamespace("shop-gen").list().getItems().isEmpty());
    var created = kube.batch().v1().jobs().inNamespace("shop-gen").list().getItems().get(0);
    String name = created.getMetadata().getName();
    assertThat(name).startsWith("notify-").hasSize("notify-".length() + 10);
    assertThat(created.getMetadata().getLabels()).containsEntry("gitops.io/app", "gen");
    completeJob(kube, "shop-gen", name);

    assertThat(sync.await(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(lastOperation("gen").getString("phase")).isEqualTo("Succeeded");
  }

  @Test
  void aGenerateNameThatCannotBeANameOrOnAnObjectThatIsNoHookIsAComparisonError() throws Exception {
    repo.commit(
        "bad generateName",
        Map.of(
            "apps/badgen/notify.yaml",
            hookJob("notify", "PostSync").replace("name: notify", "generateName: ../../x/"),
            "apps/badgen/settings.yaml",
            configMap("settings", "blue", ""),
            "apps/plain/settings.yaml",
            configMap("settings", "blue", "")
                .replace("name: settings", "generateName: settings-")));
    sync("badgen");
    sync("plain");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      gw.app("shop", "badgen", token).getJsonObject("status").getString("message"))
                  .contains("ComparisonError")
                  .contains("metadata.generateName");
              assertThat(
                      gw.app("shop", "plain", token).getJsonObject("status").getString("message"))
                  .contains("ComparisonError")
                  .contains("metadata.name");
            });
    assertThat(kube.configMaps().inNamespace("shop-badgen").withName("settings").get()).isNull();
    assertThat(kube.batch().v1().jobs().inNamespace("shop-badgen").list().getItems()).isEmpty();
  }
}
