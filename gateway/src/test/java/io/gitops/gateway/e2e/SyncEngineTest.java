package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.SHOP_TENANT;
import static io.gitops.gateway.support.SyncFixtures.completeJob;
import static io.gitops.gateway.support.SyncFixtures.configMap;
import static io.gitops.gateway.support.SyncFixtures.deployment;
import static io.gitops.gateway.support.SyncFixtures.hookJob;
import static io.gitops.gateway.support.SyncFixtures.job;
import static io.gitops.gateway.support.SyncFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync engine on a simulated cluster, driven as a user drives it: waves and hooks, self-heal,
 * prune and its safety rules, backoff against another actor, dry run, history and rollback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncEngineTest {
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
    repo.commit("start", Map.of("README.md", "apps"));
    token = gw.token("ann", "shop-admins");
    kube = gw.clusters.get("dev").client();
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

  static String apps(String app) {
    return "/api/v1/tenants/shop/apps/" + app;
  }

  static void register(String app, JsonObject automated) throws Exception {
    var created =
        gw.call(
            HttpMethod.PUT,
            apps(app),
            token,
            spec(repo.url(), "apps/" + app, "shop-" + app, automated));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    gw.call(
        HttpMethod.POST,
        apps(app) + "/refresh",
        token,
        null); // the mirror was fetched before this commit
  }

  static JsonObject status(String app) throws Exception {
    return gw.call(HttpMethod.GET, apps(app), token, null)
        .bodyAsJsonObject()
        .getJsonObject("status");
  }

  static JsonArray operations(String app) throws Exception {
    var page = gw.call(HttpMethod.GET, apps(app) + "/operations", token, null);
    assertThat(page.statusCode()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("items");
  }

  static Future<HttpResponse<Buffer>> postAsync(String path, JsonObject body) {
    return gw.http
        .request(HttpMethod.POST, gw.gateway.port(), "localhost", path)
        .bearerTokenAuthentication(token)
        .sendJsonObject(body);
  }

  static ConfigMap cm(String app, String name) {
    return kube.configMaps().inNamespace("shop-" + app).withName(name).get();
  }

  static Map<String, String> deleting(String... paths) {
    Map<String, String> files = new java.util.HashMap<>();
    for (String p : paths) {
      files.put(p, null);
    }
    return files;
  }

  static long rv(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return Long.parseLong(o.getMetadata().getResourceVersion());
  }

  @Test
  @Order(1)
  void firstSyncRunsThePreSyncJobThenEachWaveOnlyOnceThePreviousIsHealthy() throws Exception {
    repo.commit(
        "waves",
        Map.of(
            "apps/waves/migrate.yaml", hookJob("migrate", "PreSync"),
            "apps/waves/backend.yaml", deployment("backend", "example/backend:1", 0),
            "apps/waves/frontend.yaml",
                configMap("frontend", "blue", "gitops.io/sync-wave: \"1\"")));
    register("waves", null);

    Future<HttpResponse<Buffer>> sync = postAsync(apps("waves") + "/operations", new JsonObject());
    await().atMost(WAIT).until(() -> job(kube, "shop-waves", "migrate") != null);
    assertThat(kube.apps().deployments().inNamespace("shop-waves").withName("backend").get())
        .as("nothing of wave 0 before the PreSync hook succeeded")
        .isNull();
    completeJob(kube, "shop-waves", "migrate");

    HttpResponse<Buffer> done = sync.await(60, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
    var backend = kube.apps().deployments().inNamespace("shop-waves").withName("backend").get();
    ConfigMap frontend = cm("waves", "frontend");
    assertThat(backend.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(rv(frontend))
        .as("wave 1 written after wave 0 reported ready")
        .isGreaterThan(rv(backend));

    JsonObject op = operations("waves").getJsonObject(0);
    assertThat(op.getString("phase")).isEqualTo("Succeeded");
    assertThat(op.getString("triggeredBy")).isEqualTo("ann");
    assertThat(op.getString("finishedAt")).isNotNull();
    assertThat(op.getJsonArray("results").encode())
        .contains("\"name\":\"migrate\"")
        .contains("\"name\":\"frontend\"");
  }

  @Test
  @Order(2)
  void aWaveThatCannotGetHealthyStopsTheSyncAndSaysWhy() throws Exception {
    repo.commit(
        "bad",
        Map.of(
            "apps/badwave/api.yaml", deployment("api", "example/api:bad", 0),
            "apps/badwave/after.yaml", configMap("after", "blue", "gitops.io/sync-wave: \"1\"")));
    register("badwave", null);

    var done =
        postAsync(apps("badwave") + "/operations", new JsonObject()).await(60, TimeUnit.SECONDS);
    assertThat(done.bodyAsJsonObject().getJsonObject("status").getString("message"))
        .contains("wave 0 failed")
        .contains("Deployment.apps/shop-badwave/api is Degraded");
    assertThat(cm("badwave", "after")).isNull();
    assertThat(done.bodyAsJsonObject().getJsonObject("status").getString("message"))
        .endsWith("(retry 1/5 in 5s)");
    JsonObject op = operations("badwave").getJsonObject(0);
    assertThat(op.getString("phase")).isEqualTo("Failed");
    assertThat(op.getString("message")).contains("wave 0 failed");
    // Retried with backoff, named after who asked first.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject retry = operations("badwave").getJsonObject(0);
              assertThat(retry.getString("triggeredBy")).isEqualTo("retry 1/5 of ann");
              assertThat(retry.getString("phase")).isEqualTo("Failed");
            });
  }

  @Test
  @Order(3)
  void aDryRunSaysWhatWouldBeCreatedAndAppliesNothing() throws Exception {
    repo.commit("plan", Map.of("apps/plan/settings.yaml", configMap("settings", "blue", "")));
    register("plan", null);

    var bad =
        gw.call(
            HttpMethod.POST,
            apps("plan") + "/operations",
            token,
            new JsonObject().put("dryRun", "yes"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("dryRun");

    var plan =
        gw.call(
            HttpMethod.POST,
            apps("plan") + "/operations",
            token,
            new JsonObject().put("dryRun", true));
    assertThat(plan.statusCode()).isEqualTo(200);
    assertThat(plan.bodyAsJsonObject().getJsonObject("plan").getJsonArray("create").encode())
        .contains("ConfigMap/shop-plan/settings");
    assertThat(cm("plan", "settings")).isNull();
    assertThat(operations("plan")).isEmpty();
  }

  @Test
  @Order(4)
  void anAutomatedAppIsSyncedOnceAtFirstAndHealedAfterAManualEdit() throws Exception {
    repo.commit(
        "heal",
        Map.of(
            "apps/heal/a.yaml", configMap("a", "blue", ""),
            "apps/heal/web.yaml", deployment("web", "example/web:1", 0),
            "apps/heal/svc.yaml",
                """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}, ports: [{port: 80}]}
            """));
    register("heal", new JsonObject().put("selfHeal", true));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject status = status("heal");
              assertThat(status.getJsonObject("sync").getString("status"))
                  .as(status.encode())
                  .isEqualTo("Synced");
            });
    // The informer events of each applied object must not make the others look missing: one sync,
    // not two.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> operations("heal").size() == 1);

    kube.configMaps()
        .inNamespace("shop-heal")
        .withName("a")
        .edit(c -> new ConfigMapBuilder(c).addToData("color", "red").build());

    await().atMost(WAIT).until(() -> "blue".equals(cm("heal", "a").getData().get("color")));
    assertThat(operations("heal").getJsonObject(0).getString("triggeredBy"))
        .startsWith("self-heal");
  }

  @Test
  @Order(5)
  void pruneDeletesWhatGitDroppedButNeverAnUnlabelledOrHeldObject() throws Exception {
    repo.commit(
        "prune",
        Map.of(
            "apps/prune/a.yaml", configMap("a", "blue", ""),
            "apps/prune/b.yaml", configMap("b", "blue", ""),
            "apps/prune/keep.yaml", configMap("keep", "blue", "gitops.io/prune: \"false\"")));
    register("prune", new JsonObject().put("prune", true));
    await().atMost(WAIT).until(() -> cm("prune", "keep") != null && cm("prune", "b") != null);
    kube.configMaps()
        .inNamespace("shop-prune")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("bystander")
                .endMetadata()
                .addToData("x", "y")
                .build())
        .create();

    repo.commit("drop b and keep", deleting("apps/prune/b.yaml", "apps/prune/keep.yaml"));
    gw.call(HttpMethod.POST, apps("prune") + "/refresh", token, null);

    await().atMost(WAIT).until(() -> cm("prune", "b") == null);
    assertThat(cm("prune", "a")).isNotNull();
    assertThat(cm("prune", "bystander")).as("unlabelled: never ours to prune").isNotNull();
    assertThat(cm("prune", "keep")).as("held back by its annotation").isNotNull();
    assertThat(operations("prune").getJsonObject(0).getJsonArray("results").encode())
        .contains("Skipped")
        .contains("gitops.io/prune");
  }

  @Test
  @Order(6)
  void anEmptyRenderIsRefusedInsteadOfPruningEverything() throws Exception {
    repo.commit(
        "empty",
        Map.of(
            "apps/empty/x.yaml",
            configMap("x", "blue", ""),
            "apps/empty/y.yaml",
            configMap("y", "blue", "")));
    register("empty", new JsonObject().put("prune", true));
    await().atMost(WAIT).until(() -> cm("empty", "x") != null && cm("empty", "y") != null);

    Map<String, String> oops = deleting("apps/empty/x.yaml", "apps/empty/y.yaml");
    oops.put("apps/empty/README.md", "moved");
    repo.commit("oops", oops);
    gw.call(HttpMethod.POST, apps("empty") + "/refresh", token, null);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject op = operations("empty").getJsonObject(0);
              assertThat(op.getString("phase")).isEqualTo("Failed");
              assertThat(op.getString("message")).contains("refusing to prune all 2 objects");
            });
    assertThat(cm("empty", "x")).isNotNull();
    assertThat(cm("empty", "y")).isNotNull();
  }

  @Test
  @Order(7)
  void selfHealBacksOffWhenAnotherActorKeepsRevertingAField() throws Exception {
    repo.commit("fight", Map.of("apps/fight/c.yaml", configMap("c", "blue", "")));
    register("fight", new JsonObject().put("selfHeal", true));
    await().atMost(WAIT).until(() -> cm("fight", "c") != null);

    // Another controller that wants the field red: it puts red back whenever it sees blue.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              if ("blue".equals(cm("fight", "c").getData().get("color"))) {
                kube.configMaps()
                    .inNamespace("shop-fight")
                    .withName("c")
                    .edit(c -> new ConfigMapBuilder(c).addToData("color", "red").build());
              }
              assertThat(status("fight").getString("message")).contains("self-heal backing off");
            });
    assertThat(gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString())
        .contains("gitops_self_heal_backoffs_total{cluster=\"dev\",tenant=\"shop\"}");
    // Once the other actor stops, the backoff runs out and the app is healed.
    await().atMost(WAIT).until(() -> "blue".equals(cm("fight", "c").getData().get("color")));
  }

  @Test
  @Order(8)
  void rollbackGoesToAnEarlierRevisionAndPausesAutoSyncUntilResumedOrANewCommit() throws Exception {
    String v1 = repo.commit("roll v1", Map.of("apps/roll/c.yaml", configMap("c", "blue", "")));
    register("roll", new JsonObject().put("selfHeal", true));
    await()
        .atMost(WAIT)
        .until(
            () -> cm("roll", "c") != null && "blue".equals(cm("roll", "c").getData().get("color")));
    repo.commit("roll v2", Map.of("apps/roll/c.yaml", configMap("c", "green", "")));
    gw.call(HttpMethod.POST, apps("roll") + "/refresh", token, null);
    await().atMost(WAIT).until(() -> "green".equals(cm("roll", "c").getData().get("color")));

    var unknown =
        gw.call(
            HttpMethod.POST,
            apps("roll") + "/rollback",
            token,
            new JsonObject().put("revision", "abcdef1"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("revision");

    var rolled =
        gw.call(
            HttpMethod.POST,
            apps("roll") + "/rollback",
            token,
            new JsonObject().put("revision", v1));
    assertThat(rolled.statusCode()).as(rolled.bodyAsString()).isEqualTo(200);
    assertThat(cm("roll", "c").getData()).containsEntry("color", "blue");
    assertThat(
            gw.call(HttpMethod.GET, apps("roll") + "/auto-sync", token, null)
                .bodyAsJsonObject()
                .getBoolean("paused"))
        .isTrue();

    gw.call(HttpMethod.POST, apps("roll") + "/refresh", token, null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(status("roll").getString("message")).contains("automated sync paused"));
    assertThat(cm("roll", "c").getData())
        .as("neither auto-sync nor self-heal undo a rollback")
        .containsEntry("color", "blue");

    gw.call(HttpMethod.POST, apps("roll") + "/resume-auto-sync", token, null);
    await().atMost(WAIT).until(() -> "green".equals(cm("roll", "c").getData().get("color")));

    gw.call(
        HttpMethod.POST,
        apps("roll") + "/rollback",
        token,
        new JsonObject().put("revision", v1.substring(0, 8)));
    assertThat(cm("roll", "c").getData()).containsEntry("color", "blue");
    repo.commit("roll v3", Map.of("apps/roll/c.yaml", configMap("c", "yellow", "")));
    gw.call(HttpMethod.POST, apps("roll") + "/refresh", token, null);
    await().atMost(WAIT).until(() -> "yellow".equals(cm("roll", "c").getData().get("color")));
    assertThat(
            gw.call(HttpMethod.GET, apps("roll") + "/auto-sync", token, null)
                .bodyAsJsonObject()
                .getBoolean("paused"))
        .isFalse();
  }

  @Test
  @Order(9)
  void historyIsPagedNewestFirstAndMetricsCountSyncsByPhase() throws Exception {
    var first =
        gw.call(HttpMethod.GET, apps("roll") + "/operations?limit=2", token, null)
            .bodyAsJsonObject();
    assertThat(first.getJsonArray("items")).hasSize(2);
    long newest = first.getJsonArray("items").getJsonObject(0).getLong("id");
    long second = first.getJsonArray("items").getJsonObject(1).getLong("id");
    assertThat(newest).isGreaterThan(second);
    var next =
        gw.call(HttpMethod.GET, apps("roll") + "/operations" + first.getString("next"), token, null)
            .bodyAsJsonObject();
    assertThat(next.getJsonArray("items").getJsonObject(0).getLong("id")).isLessThan(second);
    assertThat(
            gw.call(HttpMethod.GET, apps("roll") + "/operations?limit=0", token, null).statusCode())
        .isEqualTo(400);

    String metrics = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    assertThat(metrics)
        .contains("gitops_sync_total{cluster=\"dev\",phase=\"Succeeded\",tenant=\"shop\"}")
        .contains("gitops_sync_total{cluster=\"dev\",phase=\"Failed\",tenant=\"shop\"}")
        .contains("gitops_commit_to_synced_seconds_count{cluster=\"dev\",tenant=\"shop\"}")
        .contains("gitops_drift_to_healed_seconds_count{cluster=\"dev\",tenant=\"shop\"}");
    // From the reconcile that first saw a revision, its render and apply included: never zero.
    assertThat(gw.metricSum("gitops_commit_to_synced_seconds_sum")).isGreaterThan(0.0);
  }

  @Test
  @Order(10)
  void aFieldAnotherManagerOwnsIsReportedAndOverriddenOnlyWhenAskedTo() throws Exception {
    repo.commit("conflict", Map.of("apps/conflict/c.yaml", configMap("c", "blue", "")));
    register("conflict", null);
    postAsync(apps("conflict") + "/operations", new JsonObject()).await(60, TimeUnit.SECONDS);
    kube.configMaps()
        .inNamespace("shop-conflict")
        .withName("c")
        .edit(c -> new ConfigMapBuilder(c).addToData("color", "red").build());

    var reported =
        postAsync(apps("conflict") + "/operations", new JsonObject()).await(60, TimeUnit.SECONDS);
    assertThat(reported.bodyAsJsonObject().getJsonObject("status").getString("message"))
        .contains("sync failed")
        .containsIgnoringCase("conflict");
    assertThat(cm("conflict", "c").getData()).containsEntry("color", "red");

    var forced =
        postAsync(apps("conflict") + "/operations", new JsonObject().put("force", true))
            .await(60, TimeUnit.SECONDS);
    assertThat(forced.bodyAsJsonObject().getJsonObject("status").getString("message"))
        .startsWith("synced to");
    assertThat(cm("conflict", "c").getData()).containsEntry("color", "blue");
    assertThat(operations("conflict").getJsonObject(0).getJsonObject("options").getBoolean("force"))
        .isTrue();
  }

  @Test
  @Order(11)
  void aDryRunAsksTheClusterAndReportsWhatItWouldRefusePerObjectStoringNothing() throws Exception {
    repo.commit(
        "asks",
        Map.of(
            "apps/asks/good.yaml", configMap("good", "blue", ""),
            "apps/asks/taken.yaml", configMap("taken", "blue", ""),
            "apps/asks/labelled.yaml",
                """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: labelled
              labels: {tier: "front end!"}
            data: {color: blue}
            """));
    // Another manager owns data.color of "taken": without force, the server refuses the gateway's
    // value. (It
    // carries this app's labels: an unlabelled object would be a shared resource, refused before
    // any apply.)
    kube.configMaps()
        .inNamespace("shop-asks")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("taken")
                .withNamespace("shop-asks")
                .addToLabels(Map.of("gitops.io/tenant", "shop", "gitops.io/app", "asks"))
                .endMetadata()
                .addToData("color", "red")
                .build())
        .create();
    register("asks", null);

    var dry =
        gw.call(
            HttpMethod.POST,
            apps("asks") + "/operations",
            token,
            new JsonObject().put("dryRun", true));
    assertThat(dry.statusCode()).as(dry.bodyAsString()).isEqualTo(200);
    JsonObject server = dry.bodyAsJsonObject().getJsonObject("server");
    assertThat(server.getLong("errors")).as(server.encodePrettily()).isEqualTo(2);
    Map<String, JsonObject> byObject = new java.util.HashMap<>();
    server
        .getJsonArray("objects")
        .forEach(o -> byObject.put(((JsonObject) o).getString("object"), (JsonObject) o));
    assertThat(byObject.get("ConfigMap/shop-asks/good").getString("result")).isEqualTo("ok");
    JsonObject invalid = byObject.get("ConfigMap/shop-asks/labelled");
    assertThat(invalid.getString("result")).isEqualTo("error");
    assertThat(invalid.getInteger("code")).isEqualTo(422);
    assertThat(invalid.getString("message")).contains("metadata.labels").contains("front end!");
    JsonObject conflict = byObject.get("ConfigMap/shop-asks/taken");
    assertThat(conflict.getInteger("code")).isEqualTo(409);
    assertThat(conflict.getString("message")).containsIgnoringCase("conflict");

    assertThat(cm("asks", "good")).as("a dry run stores nothing").isNull();
    assertThat(cm("asks", "labelled")).isNull();
    assertThat(cm("asks", "taken").getData()).containsEntry("color", "red");
    assertThat(operations("asks")).isEmpty();
  }
}
