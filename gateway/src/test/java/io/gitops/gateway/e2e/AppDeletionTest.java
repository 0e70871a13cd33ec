package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.completeJob;
import static io.gitops.gateway.support.SyncFixtures.configMap;
import static io.gitops.gateway.support.SyncFixtures.failJob;
import static io.gitops.gateway.support.SyncFixtures.hookJob;
import static io.gitops.gateway.support.SyncFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.sim.SimulatedCluster;
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
 * Deleting an app with Argo CD's cascade choices: foreground (the default) deletes what the app
 * owns and nothing else (another app's object, an object with this app's labels outside the
 * tenant's namespaces, one annotated Delete=false all stay), orphan leaves everything, a bad
 * cascade is a 400 that deletes nothing, and the audit log says what was deleted and kept.
 * PreDelete hooks run (and must succeed) before the objects go, PostDelete hooks after.
 */
class AppDeletionTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** SyncFixtures' shop tenant, with a second cluster whose outage a test causes. */
  static final String SHOP =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "shop-*"}, {cluster: edge, namespace: "shop-*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP), List.of("dev", "edge"));
    repo = TestRepo.create(work.resolve("repo"));
    token = gw.token("ann", "shop-admins");
    kube = gw.clusters.get("dev").client();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  /** An app with two ConfigMaps, one kept by Delete=false, synced. */
  static void deployed(String app) throws Exception {
    deployedWithHooks(
        app,
        Map.of(
            "keep.yaml",
            configMap("keep", "blue", "argocd.argoproj.io/sync-options: Delete=false")));
    assertThat(cm("shop-" + app, "keep")).isNotNull();
  }

  /** An app with one ConfigMap and more files (hooks; name → YAML), synced. */
  static void deployedWithHooks(String app, Map<String, String> more) throws Exception {
    Map<String, String> files = new java.util.HashMap<>();
    files.put("apps/" + app + "/a.yaml", configMap("a", "blue", ""));
    more.forEach((file, yaml) -> files.put("apps/" + app + "/" + file, yaml));
    repo.commit(app, files);
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/" + app,
                    token,
                    SyncFixtures.spec(repo.url(), "apps/" + app, "shop-" + app, null))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/" + app + "/sync", token, null);
              assertThat(cm("shop-" + app, "a")).isNotNull();
              assertThat(
                      gw.app("shop", app, token)
                          .getJsonObject("status")
                          .getJsonObject("sync")
                          .getString("status"))
                  .isEqualTo("Synced");
            });
  }

  static Future<HttpResponse<Buffer>> deleting(String app) {
    return gw.http
        .request(
            HttpMethod.DELETE, gw.gateway.port(), "localhost", "/api/v1/tenants/shop/apps/" + app)
        .bearerTokenAuthentication(token)
        .send();
  }

  static ConfigMap cm(String namespace, String name) {
    return kube.configMaps().inNamespace(namespace).withName(name).get();
  }

  static ConfigMap planted(String namespace, String name, String app) {
    return kube.configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of("gitops.io/tenant", "shop", "gitops.io/app", app))
                .endMetadata()
                .withData(Map.of("k", "v"))
                .build())
        .create();
  }

  @Test
  void theDefaultCascadeDeletesWhatTheAppOwnsAndNothingElse() throws Exception {
    deployed("gone");
    planted("shop-gone", "sibling", "other");
    // this app's labels, outside the tenant's namespaces: not the tenant's to delete
    planted("bank-vault", "planted", "gone");
    await()
        .atMost(WAIT)
        .until(
            () ->
                gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/gone", token, null)
                    .bodyAsString()
                    .contains("shop-gone"));

    var r = gw.call(HttpMethod.DELETE, "/api/v1/tenants/shop/apps/gone", token, null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(204);
    String audit =
        gw.call(HttpMethod.GET, "/api/v1/tenants/shop/audit", token, null).bodyAsString();
    assertThat(cm("shop-gone", "a")).as("the app's own object; " + audit).isNull();
    assertThat(cm("shop-gone", "keep")).as("Delete=false").isNotNull();
    assertThat(cm("shop-gone", "sibling")).as("another app's").isNotNull();
    assertThat(cm("bank-vault", "planted")).as("outside the tenant's namespaces").isNotNull();
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/gone", token, null).statusCode())
        .isEqualTo(404);
    JsonObject entry =
        gw
            .call(HttpMethod.GET, "/api/v1/tenants/shop/audit", token, null)
            .bodyAsJsonObject()
            .getJsonArray("items")
            .stream()
            .map(JsonObject.class::cast)
            .filter(e -> "app.deleted".equals(e.getString("action")))
            .filter(e -> "app/gone".equals(e.getString("target")))
            .findFirst()
            .orElseThrow();
    assertThat(entry.encode())
        .contains("\"cascade\":\"foreground\"")
        .contains("shop-gone/a")
        .contains("Delete=false")
        .contains("not the tenant's to delete");
  }

  @Test
  void orphanLeavesTheObjectsAndABadCascadeDeletesNothing() throws Exception {
    deployed("orphaned");

    var bad =
        gw.call(
            HttpMethod.DELETE, "/api/v1/tenants/shop/apps/orphaned?cascade=sideways", token, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("cascade");
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/orphaned", token, null).statusCode())
        .isEqualTo(200);

    assertThat(
            gw.call(
                    HttpMethod.DELETE,
                    "/api/v1/tenants/shop/apps/orphaned?cascade=orphan",
                    token,
                    null)
                .statusCode())
        .isEqualTo(204);
    assertThat(cm("shop-orphaned", "a")).isNotNull();
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/orphaned", token, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void graphQLDeletesWithTheSameCascade() throws Exception {
    deployed("gql");
    JsonObject answer =
        gw.call(
                HttpMethod.POST,
                "/graphql",
                token,
                new JsonObject()
                    .put(
                        "query",
                        "mutation { deleteApp(tenant: \"shop\", name: \"gql\", cascade: \"background\") }"))
            .bodyAsJsonObject();
    assertThat(answer.getValue("errors")).as(answer.encode()).isNull();
    assertThat(cm("shop-gql", "a")).isNull();
    assertThat(cm("shop-gql", "keep")).isNotNull();
  }

  @Test
  void aDeletionThatCannotReachTheClusterKeepsTheAppWithAStatusSayingWhy() throws Exception {
    SimulatedCluster edge = gw.clusters.get("edge");
    repo.commit("edge", Map.of("apps/edge/a.yaml", configMap("a", "blue", "")));
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/edge",
                    token,
                    SyncFixtures.spec(repo.url(), "apps/edge", "shop-edge", null)
                        .put(
                            "destination",
                            new JsonObject().put("cluster", "edge").put("namespace", "shop-edge")))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/edge/sync", token, null);
              assertThat(edge.client().configMaps().inNamespace("shop-edge").withName("a").get())
                  .isNotNull();
            });
    edge.close();
    await()
        .atMost(WAIT)
        .until(
            () ->
                gw.app("shop", "edge", token)
                    .getJsonObject("status")
                    .getString("message", "")
                    .contains("unreachable"));

    var r = gw.call(HttpMethod.DELETE, "/api/v1/tenants/shop/apps/edge", token, null);

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.bodyAsString()).contains("unreachable").contains("nothing was deleted");
    assertThat(gw.app("shop", "edge", token).getJsonObject("status").getString("message"))
        .startsWith("deletion (cascade foreground) failed: cluster edge is unreachable");
  }

  @Test
  void preDeleteHooksRunBeforeTheObjectsGoAndPostDeleteHooksAfter() throws Exception {
    deployedWithHooks(
        "hooked",
        Map.of(
            "drain.yaml",
            hookJob("drain", "PreDelete"),
            "farewell.yaml",
            hookJob("farewell", "PostDelete", "HookSucceeded")));
    assertThat(job(kube, "shop-hooked", "drain")).as("a sync does not run PreDelete").isNull();

    Future<HttpResponse<Buffer>> deletion = deleting("hooked");

    await().atMost(WAIT).until(() -> job(kube, "shop-hooked", "drain") != null);
    assertThat(job(kube, "shop-hooked", "drain").getMetadata().getLabels())
        .containsEntry("gitops.io/tenant", "shop")
        .containsEntry("gitops.io/app", "hooked");
    assertThat(cm("shop-hooked", "a")).as("kept until PreDelete succeeded").isNotNull();
    assertThat(job(kube, "shop-hooked", "farewell")).isNull();
    completeJob(kube, "shop-hooked", "drain");

    await().atMost(WAIT).until(() -> job(kube, "shop-hooked", "farewell") != null);
    assertThat(cm("shop-hooked", "a")).as("deleted before PostDelete").isNull();
    assertThat(deletion.isComplete()).as("the deletion waits for PostDelete").isFalse();
    completeJob(kube, "shop-hooked", "farewell");

    assertThat(deletion.await(60, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/hooked", token, null).statusCode())
        .isEqualTo(404);
    await().atMost(WAIT).until(() -> job(kube, "shop-hooked", "farewell") == null);
  }

  @Test
  void aFailedPreDeleteHookKeepsTheAppAndItsObjects() throws Exception {
    deployedWithHooks("stuck", Map.of("drain.yaml", hookJob("drain", "PreDelete")));

    Future<HttpResponse<Buffer>> deletion = deleting("stuck");
    await().atMost(WAIT).until(() -> job(kube, "shop-stuck", "drain") != null);
    failJob(kube, "shop-stuck", "drain");

    var r = deletion.await(60, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsString()).contains("PreDelete hook failed").contains("drain");
    assertThat(cm("shop-stuck", "a")).as("nothing deleted").isNotNull();
    assertThat(gw.app("shop", "stuck", token).getJsonObject("status").getString("message"))
        .startsWith("deletion (cascade foreground) failed: PreDelete hook failed");
  }

  @Test
  void aPreDeleteHookOutsideTheTenantsNamespacesIsRefusedAndNothingIsDeleted() throws Exception {
    deployedWithHooks("sneaky", Map.of());
    repo.commit(
        "sneaky hook",
        Map.of(
            "apps/sneaky/drain.yaml",
            hookJob("drain", "PreDelete")
                .replace("  name: drain\n", "  name: drain\n  namespace: bank-vault\n")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/sneaky/sync", token, null);
              assertThat(
                      gw.app("shop", "sneaky", token).getJsonObject("status").getString("message"))
                  .contains("refused by tenant policy");
            });

    var r = gw.call(HttpMethod.DELETE, "/api/v1/tenants/shop/apps/sneaky", token, null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsString()).contains("PreDelete hooks refused by tenant policy");
    assertThat(job(kube, "bank-vault", "drain")).isNull();
    assertThat(cm("shop-sneaky", "a")).as("nothing deleted").isNotNull();
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/sneaky", token, null).statusCode())
        .isEqualTo(200);
  }
}
