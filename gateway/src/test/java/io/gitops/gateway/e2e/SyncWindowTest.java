package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.configMap;
import static io.gitops.gateway.support.SyncFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.ShiftedClock;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Tenant sync windows on a simulated cluster. The gateway judges windows by a clock the test sets
 * (22:30 UTC: inside tenant night's deny window 22:00–06:00, outside tenant office's allow window
 * 09:00–17:00), so which window is open is certain whenever the test runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncWindowTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Instant LATE_EVENING = Instant.parse("2030-01-07T22:30:00Z");
  static final String NIGHT_DENY =
      "sync window 'deny 0 22 * * * 8h' blocks automated sync until 06:00 UTC";

  static String tenant(String name, String window) {
    return """
        name: %s
        roles:
          %s-admins: admin
        sourceRepos: ["*"]
        destinations:
          - cluster: dev
            namespace: "%s-*"
        syncWindows:
          - %s
        """
        .formatted(name, name, name, window);
  }

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static final ShiftedClock clock = new ShiftedClock();
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    clock.set(LATE_EVENING);
    gw =
        GatewayHarness.start(
            work,
            Map.of(
                "night", tenant("night", "{kind: deny, schedule: \"0 22 * * *\", duration: 8h}"),
                "office", tenant("office", "{kind: allow, schedule: \"0 9 * * *\", duration: 8h}")),
            List.of("dev"),
            Map.of("sync", Map.of("retry-limit", 2)),
            clock);
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("start", Map.of("README.md", "apps"));
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

  static String token(String tenant) {
    return gw.token("ann", tenant + "-admins");
  }

  static String path(String tenant, String app) {
    return "/api/v1/tenants/" + tenant + "/apps/" + app;
  }

  /**
   * Registers the app (tenant/app reads apps/APP into namespace TENANT-APP) and returns its status
   * after a refresh.
   */
  static JsonObject register(String tenant, String app, JsonObject automated) throws Exception {
    JsonObject spec = SyncFixtures.spec(repo.url(), "apps/" + app, tenant + "-" + app, automated);
    var created = gw.call(HttpMethod.PUT, path(tenant, app), token(tenant), spec);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    var refreshed = gw.call(HttpMethod.POST, path(tenant, app) + "/refresh", token(tenant), null);
    assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
    return refreshed.bodyAsJsonObject().getJsonObject("status");
  }

  static JsonObject status(String tenant, String app) throws Exception {
    return gw.call(HttpMethod.GET, path(tenant, app), token(tenant), null)
        .bodyAsJsonObject()
        .getJsonObject("status");
  }

  static JsonArray operations(String tenant, String app) throws Exception {
    return gw.call(HttpMethod.GET, path(tenant, app) + "/operations", token(tenant), null)
        .bodyAsJsonObject()
        .getJsonArray("items");
  }

  static HttpResponse<Buffer> sync(String tenant, String app, JsonObject body) throws Exception {
    return gw.call(HttpMethod.POST, path(tenant, app) + "/operations", token(tenant), body);
  }

  /**
   * The newest row of what a user asked (a sync's outcome, recorded when it ends, is another row).
   */
  static JsonObject lastAudit(String tenant) throws Exception {
    var page = gw.call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/audit", token(tenant), null);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(row -> !"app.sync.finished".equals(row.getString("action")))
        .findFirst()
        .orElseThrow();
  }

  static ConfigMap cm(String namespace, String name) {
    return kube.configMaps().inNamespace(namespace).withName(name).get();
  }

  @Test
  @Order(1)
  void outsideTheAllowWindowANewRevisionIsNotAutoSyncedAndTheStatusSaysWhenItOpens()
      throws Exception {
    repo.commit("office", Map.of("apps/desk/c.yaml", configMap("c", "blue", "")));
    register("office", "desk", new JsonObject());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(status("office", "desk").getString("message"))
                    .isEqualTo(
                        "outside sync window 'allow 0 9 * * * 8h': automated sync blocked until 09:00 UTC"));
    assertThat(status("office", "desk").getJsonObject("sync").getString("status"))
        .isEqualTo("OutOfSync");
    assertThat(cm("office-desk", "c")).isNull();
    assertThat(operations("office", "desk")).isEmpty();

    var manual = sync("office", "desk", new JsonObject());
    assertThat(manual.statusCode())
        .as("no allow window is open, and none lets manual syncs through")
        .isEqualTo(409);
    assertThat(manual.bodyAsJsonObject().getString("detail"))
        .contains("'allow 0 9 * * * 8h'")
        .contains("09:00 UTC");
  }

  @Test
  @Order(2)
  void inADenyWindowAManualSyncIsRefusedUnlessItOverridesAndTheOverrideIsAudited()
      throws Exception {
    repo.commit("web", Map.of("apps/web/c.yaml", configMap("c", "blue", "")));
    JsonObject registered = register("night", "web", new JsonObject().put("selfHeal", true));
    assertThat(registered.getString("message")).isEqualTo(NIGHT_DENY);
    assertThat(cm("night-web", "c")).isNull();

    var refused = sync("night", "web", new JsonObject());
    assertThat(refused.statusCode()).isEqualTo(409);
    JsonObject problem = refused.bodyAsJsonObject();
    assertThat(problem.getString("detail"))
        .startsWith("sync window 'deny 0 22 * * * 8h' blocks manual sync until 06:00 UTC")
        .contains("overrideSyncWindow");
    assertThat(problem.getString("field")).isEqualTo("overrideSyncWindow");
    assertThat(cm("night-web", "c")).isNull();
    assertThat(operations("night", "web")).isEmpty();
    JsonObject refusal = lastAudit("night");
    assertThat(refusal.getString("action")).isEqualTo("app.synced");
    assertThat(refusal.getString("outcome")).isEqualTo("refused");

    var plainSync = gw.call(HttpMethod.POST, path("night", "web") + "/sync", token("night"), null);
    assertThat(plainSync.statusCode()).as("POST .../sync is a manual sync too").isEqualTo(409);
    assertThat(plainSync.bodyAsJsonObject().getString("detail")).contains("deny 0 22 * * * 8h");
    assertThat(lastAudit("night").getString("outcome")).isEqualTo("refused");

    var forced = sync("night", "web", new JsonObject().put("overrideSyncWindow", true));
    assertThat(forced.statusCode()).as(forced.bodyAsString()).isEqualTo(200);
    assertThat(cm("night-web", "c").getData()).containsEntry("color", "blue");
    JsonObject op = operations("night", "web").getJsonObject(0);
    assertThat(op.getString("phase")).isEqualTo("Succeeded");
    assertThat(op.getString("triggeredBy")).isEqualTo("ann");
    assertThat(op.getJsonObject("options").getBoolean("overrideSyncWindow")).isTrue();
    JsonObject audited = lastAudit("night");
    assertThat(audited.getString("action")).isEqualTo("app.synced");
    assertThat(audited.getString("subject")).isEqualTo("ann");
    assertThat(audited.getString("outcome")).isEqualTo("requested (sync window overridden)");
    assertThat(audited.getValue("detail").toString()).contains("deny 0 22 * * * 8h");

    var rollback =
        gw.call(
            HttpMethod.POST,
            path("night", "web") + "/rollback",
            token("night"),
            new JsonObject().put("revision", op.getString("revision")));
    assertThat(rollback.statusCode()).as("a rollback is a manual sync").isEqualTo(409);
    assertThat(lastAudit("night").getString("action")).isEqualTo("app.rolledBack");
  }

  @Test
  @Order(3)
  void selfHealWaitsForTheDenyWindowToClose() throws Exception {
    kube.configMaps()
        .inNamespace("night-web")
        .withName("c")
        .edit(
            c -> {
              c.getData().put("color", "red");
              return c;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject st = status("night", "web");
              assertThat(st.getJsonObject("sync").getString("status")).isEqualTo("OutOfSync");
              assertThat(st.getString("message")).isEqualTo(NIGHT_DENY);
            });
    assertThat(cm("night-web", "c").getData())
        .as("drift stays until the window closes")
        .containsEntry("color", "red");
    assertThat(operations("night", "web")).hasSize(1);
  }

  @Test
  @Order(4)
  void aRetryOfAFailedSyncIsHeldBackByTheDenyWindow() throws Exception {
    repo.commit(
        "flaky",
        Map.of(
            "apps/flaky/api.yaml", deployment("api", "example/api:bad", 0),
            "apps/flaky/after.yaml", configMap("after", "blue", "gitops.io/sync-wave: \"1\"")));
    register("night", "flaky", null);

    var failed = sync("night", "flaky", new JsonObject().put("overrideSyncWindow", true));
    assertThat(failed.bodyAsJsonObject().getJsonObject("status").getString("message"))
        .as("sync.retry-limit from the configuration")
        .endsWith("(retry 1/2 in 5s)");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(status("night", "flaky").getString("message")).isEqualTo(NIGHT_DENY));
    assertThat(operations("night", "flaky")).as("the retry did not run").hasSize(1);
  }

  @Test
  @Order(5)
  void whenTheDenyWindowClosesTheHeldBackSyncRunsWithoutAPoll() throws Exception {
    repo.commit("dawn", Map.of("apps/dawn/c.yaml", configMap("c", "green", "")));
    clock.set(Instant.parse("2030-01-08T05:59:50Z"));
    JsonObject registered = register("night", "dawn", new JsonObject());
    assertThat(registered.getString("message")).isEqualTo(NIGHT_DENY);
    assertThat(cm("night-dawn", "c")).isNull();

    // Git polls hourly in this harness and nothing changes on the cluster: only the window's timer
    // can start it.
    await().atMost(WAIT).untilAsserted(() -> assertThat(cm("night-dawn", "c")).isNotNull());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject op = operations("night", "dawn").getJsonObject(0);
              assertThat(op.getString("triggeredBy")).startsWith("auto-sync");
              assertThat(op.getString("phase")).isEqualTo("Succeeded");
            });
  }
}
