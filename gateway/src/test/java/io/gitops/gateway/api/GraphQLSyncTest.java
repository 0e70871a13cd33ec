package io.gitops.gateway.api;

import static io.gitops.gateway.support.SyncFixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.gitops.gateway.api.graphql.Instrumentations;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.ShiftedClock;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
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
 * GraphQL drives the sync engine as REST does, on a whole gateway and a simulated cluster: dry run,
 * sync with prune, history, rollback and resume, sync windows with their audit, batched nested
 * fields, and the complexity limit that counts pages by their size. Sync windows are judged at
 * 22:30 UTC: tenant night's deny window (22:00–06:00) is closed, tenant shop has none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GraphQLSyncTest {
  static final String NIGHT =
      """
      name: night
      roles:
        night-admins: admin
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "night-*"
      syncWindows:
        - {kind: deny, schedule: "0 22 * * *", duration: 8h}
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static final ShiftedClock clock = new ShiftedClock();
  static String shop;
  static String night;
  static String v1;

  @BeforeAll
  static void start() throws Exception {
    clock.set(Instant.parse("2030-01-07T22:30:00Z"));
    gw =
        GatewayHarness.start(
            work,
            Map.of("shop", SyncFixtures.SHOP_TENANT, "night", NIGHT),
            List.of("dev"),
            Map.of(),
            clock);
    repo = TestRepo.create(work.resolve("repo"));
    v1 =
        repo.commit(
            "v1",
            Map.of(
                "apps/web/c.yaml",
                configMap("c", "blue", ""),
                "apps/web/d.yaml",
                configMap("d", "blue", ""),
                "apps/api/c.yaml",
                configMap("c", "blue", ""),
                "apps/late/c.yaml",
                configMap("c", "blue", "")));
    shop = gw.token("ann", "shop-admins");
    night = gw.token("nat", "night-admins");
    register("shop", "web", shop);
    register("shop", "api", shop);
    register("night", "late", night);
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

  static void register(String tenant, String app, String token) throws Exception {
    String path = "/api/v1/tenants/" + tenant + "/apps/" + app;
    var created =
        gw.call(
            HttpMethod.PUT,
            path,
            token,
            SyncFixtures.spec(repo.url(), "apps/" + app, tenant + "-" + app, null));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(gw.call(HttpMethod.POST, path + "/refresh", token, null).statusCode())
        .isEqualTo(200);
  }

  static JsonObject graphql(String token, String query) throws Exception {
    var r = gw.call(HttpMethod.POST, "/graphql", token, new JsonObject().put("query", query));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject ok(String token, String query) throws Exception {
    JsonObject r = graphql(token, query);
    assertThat(r.getValue("errors")).as(r.encode()).isNull();
    return r.getJsonObject("data");
  }

  static JsonObject error(JsonObject answer) {
    assertThat(answer.getJsonArray("errors")).as(answer.encode()).isNotEmpty();
    return answer.getJsonArray("errors").getJsonObject(0);
  }

  static ConfigMap cm(String namespace, String name) {
    return gw.clusters.get("dev").client().configMaps().inNamespace(namespace).withName(name).get();
  }

  /**
   * The newest row of what a user asked (a sync's outcome, recorded when it ends, is another row).
   */
  static JsonObject lastAudit(String tenant, String token) throws Exception {
    return gw
        .call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/audit", token, null)
        .bodyAsJsonObject()
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .filter(row -> !"app.sync.finished".equals(row.getString("action")))
        .findFirst()
        .orElseThrow();
  }

  static final String HISTORY =
      "history { id revision triggeredBy phase message startedAt finishedAt results { kind name result } }";

  @Test
  @Order(1)
  void aDryRunAnswersThePlanAndTheServersVerdictAndAppliesNothing() throws Exception {
    JsonObject app =
        ok(
                shop,
                "mutation { syncApp(tenant: \"shop\", name: \"web\", dryRun: true) { name"
                    + " dryRun { refusal plan { create change prune held hooks } server { errors objects { object result code message } } } "
                    + HISTORY
                    + " } }")
            .getJsonObject("syncApp");
    JsonObject dry = app.getJsonObject("dryRun");
    assertThat(dry.getString("refusal")).isNull();
    assertThat(dry.getJsonObject("plan").getJsonArray("create").encode())
        .contains("ConfigMap")
        .contains("/c")
        .contains("/d");
    assertThat(dry.getJsonObject("server").getInteger("errors")).isZero();
    assertThat(dry.getJsonObject("server").getJsonArray("objects").encode())
        .contains("\"result\":\"ok\"");
    assertThat(cm("shop-web", "c")).as("a dry run applies nothing").isNull();
    assertThat(app.getJsonArray("history")).as("and records no operation").isEmpty();
    assertThat(
            ok(shop, "{ app(tenant: \"shop\", name: \"web\") { dryRun { refusal } } }")
                .getJsonObject("app")
                .getValue("dryRun"))
        .as("dryRun is only on syncApp's answer")
        .isNull();
  }

  @Test
  @Order(2)
  void aSyncAppliesAndTheHistoryTellsWhoRanWhatNewestFirst() throws Exception {
    JsonObject app =
        ok(
                shop,
                "mutation { syncApp(tenant: \"shop\", name: \"web\") { status { sync { status revision } } "
                    + HISTORY
                    + " } }")
            .getJsonObject("syncApp");
    assertThat(cm("shop-web", "c").getData()).containsEntry("color", "blue");
    JsonObject op = app.getJsonArray("history").getJsonObject(0);
    assertThat(op.getString("phase")).isEqualTo("Succeeded");
    assertThat(op.getString("triggeredBy")).isEqualTo("ann");
    assertThat(op.getString("revision")).isEqualTo(v1);
    assertThat(op.getString("finishedAt")).isNotNull();
    assertThat(op.getJsonArray("results").encode()).contains("\"name\":\"c\"");

    Map<String, String> v2 = new HashMap<>();
    v2.put("apps/web/c.yaml", configMap("c", "green", ""));
    v2.put("apps/web/d.yaml", null); // deleted
    repo.commit("v2", v2);
    ok(shop, "mutation { syncApp(tenant: \"shop\", name: \"web\") { name } }");
    assertThat(cm("shop-web", "c").getData()).containsEntry("color", "green");
    assertThat(cm("shop-web", "d"))
        .as("the app does not prune, and this sync did not ask to")
        .isNotNull();

    ok(shop, "mutation { syncApp(tenant: \"shop\", name: \"web\", prune: true) { name } }");
    assertThat(cm("shop-web", "d")).as("prune: true prunes for this sync").isNull();

    JsonArray newest =
        ok(shop, "{ app(tenant: \"shop\", name: \"web\") { history(first: 2) { id } } }")
            .getJsonObject("app")
            .getJsonArray("history");
    assertThat(newest).hasSize(2);
    long second = newest.getJsonObject(1).getLong("id");
    assertThat(newest.getJsonObject(0).getLong("id")).isGreaterThan(second);
    JsonArray older =
        ok(
                shop,
                "{ app(tenant: \"shop\", name: \"web\") { history(before: "
                    + second
                    + ") { id revision } } }")
            .getJsonObject("app")
            .getJsonArray("history");
    assertThat(older).hasSize(1);
    assertThat(older.getJsonObject(0).getString("revision")).isEqualTo(v1);

    JsonObject bad =
        error(
            graphql(shop, "{ app(tenant: \"shop\", name: \"web\") { history(first: 0) { id } } }"));
    assertThat(bad.getJsonObject("extensions").getString("field")).isEqualTo("first");
    assertThat(bad.getJsonObject("extensions").getInteger("status")).isEqualTo(400);
  }

  @Test
  @Order(3)
  void rollbackGoesBackAndPausesAutoSyncUntilResumed() throws Exception {
    JsonObject unknown =
        error(
            graphql(
                shop,
                "mutation { rollbackApp(tenant: \"shop\", name: \"web\", revision: \"abcdef1\") { name } }"));
    assertThat(unknown.getJsonObject("extensions").getString("field")).isEqualTo("revision");

    ok(
        shop,
        "mutation { rollbackApp(tenant: \"shop\", name: \"web\", revision: \""
            + v1.substring(0, 8)
            + "\") { name } }");
    assertThat(cm("shop-web", "c").getData()).containsEntry("color", "blue");
    String autoSync = "/api/v1/tenants/shop/apps/web/auto-sync";
    assertThat(
            gw.call(HttpMethod.GET, autoSync, shop, null).bodyAsJsonObject().getBoolean("paused"))
        .isTrue();
    assertThat(lastAudit("shop", shop).getString("action")).isEqualTo("app.rolledBack");

    assertThat(
            ok(shop, "mutation { resumeAutoSync(tenant: \"shop\", name: \"web\") { name } }")
                .getJsonObject("resumeAutoSync")
                .getString("name"))
        .isEqualTo("web");
    assertThat(
            gw.call(HttpMethod.GET, autoSync, shop, null).bodyAsJsonObject().getBoolean("paused"))
        .isFalse();
    assertThat(lastAudit("shop", shop).getString("action")).isEqualTo("app.autoSyncResumed");
  }

  @Test
  @Order(4)
  void aClosedSyncWindowRefusesUnlessOverriddenAndTheOverrideIsAudited() throws Exception {
    JsonObject refused =
        error(graphql(night, "mutation { syncApp(tenant: \"night\", name: \"late\") { name } }"));
    assertThat(refused.getJsonObject("extensions").getInteger("status")).isEqualTo(409);
    assertThat(refused.getJsonObject("extensions").getString("field"))
        .isEqualTo("overrideSyncWindow");
    assertThat(refused.getString("message")).contains("deny 0 22 * * * 8h");
    assertThat(cm("night-late", "c")).isNull();
    assertThat(lastAudit("night", night).getString("outcome")).isEqualTo("refused");

    JsonObject dry =
        ok(
            night,
            "mutation { syncApp(tenant: \"night\", name: \"late\", dryRun: true) { dryRun { plan { create } } } }");
    assertThat(dry.encode())
        .as("a dry run applies nothing, so a window does not hold it")
        .contains("ConfigMap");

    ok(
        night,
        "mutation { syncApp(tenant: \"night\", name: \"late\", overrideSyncWindow: true) { name } }");
    assertThat(cm("night-late", "c").getData()).containsEntry("color", "blue");
    JsonObject audited = lastAudit("night", night);
    assertThat(audited.getString("subject")).isEqualTo("nat");
    assertThat(audited.getString("outcome")).isEqualTo("requested (sync window overridden)");
  }

  @Test
  @Order(5)
  void aPageOfAppsGetsEachAppsOwnHistoryAndDiff() throws Exception {
    ok(shop, "mutation { syncApp(tenant: \"shop\", name: \"api\") { name } }");
    JsonArray edges =
        ok(
                shop,
                "{ apps(tenant: \"shop\") { edges { node { name diff { kind name verdict } history(first: 50) { id revision } } } } }")
            .getJsonObject("apps")
            .getJsonArray("edges");
    assertThat(edges).hasSize(2);
    for (int i = 0; i < edges.size(); i++) {
      JsonObject node = edges.getJsonObject(i).getJsonObject("node");
      JsonArray rest =
          gw.call(
                  HttpMethod.GET,
                  "/api/v1/tenants/shop/apps/" + node.getString("name") + "/operations?limit=50",
                  shop,
                  null)
              .bodyAsJsonObject()
              .getJsonArray("items");
      assertThat(
              node.getJsonArray("history").stream()
                  .map(o -> ((JsonObject) o).getLong("id"))
                  .toList())
          .as(node.getString("name") + "'s history as REST answers it")
          .isEqualTo(rest.stream().map(o -> ((JsonObject) o).getLong("id")).toList());
      JsonArray restDiff =
          gw.call(
                  HttpMethod.GET,
                  "/api/v1/tenants/shop/apps/" + node.getString("name") + "/diff",
                  shop,
                  null)
              .bodyAsJsonObject()
              .getJsonArray("items");
      assertThat(node.getJsonArray("diff")).hasSize(restDiff.size());
    }
    assertThat(edges.getJsonObject(0).getJsonObject("node").getJsonArray("history"))
        .hasSize(1); // api: one sync
    assertThat(edges.getJsonObject(1).getJsonObject("node").getJsonArray("history"))
        .hasSizeGreaterThan(3); // web
  }

  @Test
  void aQueryThatWouldFetchTooManyNodesIsRefusedNamingTheLimit() throws Exception {
    String explicit =
        "{ tenants { apps(first: 500) { edges { node { owner { apps(first: 500) { edges { node { name } } } } } } } } }";
    String byDefault =
        "{ tenants { apps { edges { node { owner { apps { edges { node { name } } } } } } } } }";
    for (String query : List.of(explicit, byDefault)) {
      JsonObject r = graphql(shop, query);
      assertThat(r.getValue("data")).as(r.encode()).isNull();
      assertThat(error(r).getString("message"))
          .contains("complexity")
          .contains("limit of " + Instrumentations.MAX_COMPLEXITY);
    }
    String pageWithHistories =
        "{ apps(tenant: \"shop\", first: 100) { edges { node { name status { sync { status } } diff { kind verdict changedPaths }"
            + " history(first: 20) { id phase triggeredBy startedAt finishedAt } } } } }";
    assertThat(graphql(shop, pageWithHistories).getValue("errors"))
        .as("a full page of apps with their histories fits")
        .isNull();
  }
}
