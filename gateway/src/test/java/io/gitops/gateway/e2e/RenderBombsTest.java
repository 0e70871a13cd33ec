package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Render bombs from one tenant, end to end: Helm templates that loop or allocate without bound fail
 * their own apps with a message naming the limit; a catastrophic Kustomize target and a
 * backtracking directory glob render at once (linear-time matching). Meanwhile another tenant's
 * commit still syncs; the time it takes is printed, with and without the bombs, for the notes.
 */
class RenderBombsTest {
  static final String QUIET_TENANT =
      """
      name: quiet
      roles:
        quiet-admins: admin
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "quiet-*"
      """;
  static final String CHART = "apiVersion: v2\nname: bomb\nversion: 0.1.0\n";
  static final String LOOP =
      "{{ range $i := until 100000 }}{{ range $j := until 100000 }}{{ end }}{{ end }}\n";
  static final String ALLOCATE = "{{ $x := until 400000000 }}{{ len $x }}\n";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo hostile;
  static TestRepo quiet;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("shop", SyncFixtures.SHOP_TENANT, "quiet", QUIET_TENANT),
            List.of("dev"),
            Map.of(
                "render",
                Map.of(
                    "timeout-seconds",
                    5,
                    "helm-memory-mb",
                    384,
                    "helm-workers",
                    2,
                    "concurrency",
                    2)));
    String longName = "a".repeat(200);
    Map<String, String> bombs = new LinkedHashMap<>();
    for (String loop : List.of("loop-1", "loop-2", "loop-3")) {
      bombs.put("charts/" + loop + "/Chart.yaml", CHART);
      bombs.put("charts/" + loop + "/templates/loop.yaml", LOOP);
    }
    bombs.put("charts/alloc/Chart.yaml", CHART);
    bombs.put("charts/alloc/templates/alloc.yaml", ALLOCATE);
    bombs.put(
        "kustomize/catastrophic/kustomization.yaml",
        """
        resources: [cm.yaml]
        patches:
          - patch: '[{op: add, path: /metadata/annotations, value: {hit: "yes"}}]'
            target: {kind: ConfigMap, name: "(a+)+$"}
        """);
    bombs.put(
        "kustomize/catastrophic/cm.yaml",
        SyncFixtures.configMap(longName.substring(0, 60) + "b", "red", ""));
    bombs.put("globs/" + longName + ".yaml", SyncFixtures.configMap("globbed", "red", ""));
    hostile = TestRepo.create(work.resolve("hostile"));
    hostile.commit("render bombs", bombs);
    quiet = TestRepo.create(work.resolve("quiet"));
    quiet.commit(
        "settings v1",
        Map.of("apps/settings/cm.yaml", SyncFixtures.configMap("settings", "v1", "")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    for (TestRepo repo : new TestRepo[] {hostile, quiet}) {
      if (repo != null) {
        repo.close();
      }
    }
  }

  @Test
  void bombsFailTheirOwnAppsWhileAnotherTenantsCommitSyncs() throws Exception {
    String quietToken = gw.token("quinn", "quiet-admins");
    String shopToken = gw.token("ann", "shop-admins");
    put("quiet", "settings", quietToken, automated(quiet.url(), "apps/settings", "quiet-app"));
    long before = System.nanoTime();
    awaitColor("v1");
    long baselineMs = (System.nanoTime() - before) / 1_000_000;

    for (String loop : List.of("loop-1", "loop-2", "loop-3", "alloc")) {
      put("shop", loop, shopToken, automated(hostile.url(), "charts/" + loop, "shop-" + loop));
    }
    put(
        "shop",
        "catastrophic",
        shopToken,
        automated(hostile.url(), "kustomize/catastrophic", "shop-kustomize"));
    JsonObject globbed = automated(hostile.url(), "globs", "shop-globs");
    globbed
        .getJsonObject("source")
        .put(
            "directory",
            new JsonObject()
                .put(
                    "exclude", new JsonArray().add("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b.yaml")));
    put("shop", "globbed", shopToken, globbed);
    // A bomb is rendering in a Helm worker (the tenant may hold all render slots but one); the
    // quiet tenant commits.
    await().atMost(Duration.ofSeconds(30)).until(() -> helmWorkerProcesses() >= 1);

    quiet.commit(
        "settings v2",
        Map.of("apps/settings/cm.yaml", SyncFixtures.configMap("settings", "v2", "")));
    long pushed = System.nanoTime();
    assertThat(
            gw.call(
                    HttpMethod.POST,
                    "/api/v1/tenants/quiet/apps/settings/refresh",
                    quietToken,
                    null)
                .statusCode())
        .isEqualTo(200);
    awaitColor("v2");
    long underAttackMs = (System.nanoTime() - pushed) / 1_000_000;
    System.out.printf(
        "quiet tenant: first sync %d ms with no bombs; commit synced %d ms after refresh "
            + "while 4 Helm bombs rendered%n",
        baselineMs, underAttackMs);

    for (String loop : List.of("loop-1", "loop-2", "loop-3")) {
      awaitMessage("shop", loop, shopToken, "Helm render exceeded 5 s (render.timeout-seconds)");
    }
    awaitMessage(
        "shop",
        "alloc",
        shopToken,
        "Helm render exceeded 384 MB of memory (render.helm-memory-mb)");
    awaitSynced("shop", "catastrophic", shopToken);
    awaitSynced("shop", "globbed", shopToken);
    // The bombs' apps deployed nothing: the catastrophic target matched nothing, so nothing was
    // patched.
    assertThat(
            gw.clusters
                .get("dev")
                .client()
                .configMaps()
                .inNamespace("shop-loop-1")
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            gw.clusters
                .get("dev")
                .client()
                .configMaps()
                .inNamespace("shop-kustomize")
                .list()
                .getItems())
        .singleElement()
        .satisfies(
            cm ->
                assertThat(String.valueOf(cm.getMetadata().getAnnotations()))
                    .doesNotContain("hit"));
  }

  /** Helm worker processes this JVM (the gateway) has running now. */
  private static long helmWorkerProcesses() {
    return ProcessHandle.current()
        .children()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("-Dgitops.helm-worker=true"))
                    .orElse(false))
        .count();
  }

  private static JsonObject automated(String url, String path, String namespace) {
    return AppSpecs.onMain(url, path, "dev", namespace)
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject().put("prune", true)));
  }

  private static void put(String tenant, String app, String token, JsonObject spec)
      throws Exception {
    var created =
        gw.call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/apps/" + app, token, spec);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  private static void awaitColor(String color) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              ConfigMap live =
                  gw.clusters
                      .get("dev")
                      .client()
                      .configMaps()
                      .inNamespace("quiet-app")
                      .withName("settings")
                      .get();
              assertThat(live).isNotNull();
              assertThat(live.getData()).containsEntry("color", color);
            });
  }

  private static String message(String tenant, String app, String token) throws Exception {
    return gw.app(tenant, app, token).getJsonObject("status").getString("message");
  }

  private static void awaitMessage(String tenant, String app, String token, String text) {
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> assertThat(message(tenant, app, token)).as(tenant + "/" + app).contains(text));
  }

  private static void awaitSynced(String tenant, String app, String token) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject a = gw.app(tenant, app, token);
              assertThat(GatewayHarness.syncStatus(a))
                  .as(a.getJsonObject("status").encode())
                  .isEqualTo("Synced");
            });
  }
}
