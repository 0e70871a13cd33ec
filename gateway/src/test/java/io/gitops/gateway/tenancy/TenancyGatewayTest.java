package io.gitops.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.auth.ApiTokens;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.TokenStore;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Tenancy on a whole gateway: sync-time policy, API tokens, audit, tenant reload, admin API,
 * quotas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyGatewayTest {
  static final String TEAM_A =
      """
      name: team-a
      roles: {team-a-admins: admin, team-a-viewers: viewer}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-a-*"}]
      """;
  static final String TEAM_B =
      """
      name: team-b
      roles: {team-b-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-b-*"}]
      quotas: {maxApps: 1}
      """;
  static final String CONFIG =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {color: blue}
      """;
  static final String FOREIGN =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: planted, namespace: team-b-web}
      data: {x: "1"}
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String alice;
  static String bob;
  static String dave;
  static String carol;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("team-a", TEAM_A, "team-b", TEAM_B), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("first", Map.of("web/config.yaml", CONFIG, "b/config.yaml", CONFIG));
    alice = gw.token("alice", "team-a-admins");
    bob = gw.token("bob", "team-b-admins");
    dave = gw.token("dave", "team-a-viewers");
    carol = gw.token("carol", "gitops-operators");
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

  static JsonObject spec(String path, String namespace) {
    return AppSpecs.onMain(repo.url(), path, "dev", namespace)
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject().put("prune", true)));
  }

  static JsonObject call(
      HttpMethod method, String path, String token, JsonObject body, int expected)
      throws Exception {
    var response = gw.call(method, path, token, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.bodyAsString())
        .isEqualTo(expected);
    return response.body() == null || response.body().length() == 0
        ? new JsonObject()
        : response.bodyAsJsonObject();
  }

  static String liveColor() {
    var cm =
        gw.clusters
            .get("dev")
            .client()
            .configMaps()
            .inNamespace("team-a-web")
            .withName("settings")
            .get();
    return cm == null ? null : cm.getData().get("color");
  }

  @Test
  @Order(1)
  void anObjectInAForeignNamespaceFailsTheSyncAndNothingOfItIsApplied() throws Exception {
    call(HttpMethod.PUT, "/api/v1/tenants/team-a/apps/web", alice, spec("web", "team-a-web"), 201);
    await().atMost(Duration.ofSeconds(30)).until(() -> "blue".equals(liveColor()));

    repo.commit(
        "plant",
        Map.of("web/config.yaml", CONFIG.replace("blue", "green"), "web/planted.yaml", FOREIGN));
    JsonObject app =
        call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/web/sync", alice, null, 200);

    assertThat(app.getJsonObject("status").encode())
        .contains("sync refused by tenant policy")
        .contains(
            "ConfigMap/team-b-web/planted: namespace team-b-web on cluster dev is outside tenant team-a's destinations");
    assertThat(app.getJsonObject("status").getJsonObject("sync").getString("status"))
        .isEqualTo("OutOfSync");
    JsonObject refused =
        call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/web/operations", alice, null, 200)
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(refused.getString("phase")).isEqualTo("Failed");
    assertThat(refused.getString("message")).startsWith("sync refused by tenant policy");
    assertThat(liveColor()).as("nothing of the refused sync was applied").isEqualTo("blue");
    assertThat(
            gw.clusters
                .get("dev")
                .client()
                .configMaps()
                .inNamespace("team-b-web")
                .withName("planted")
                .get())
        .isNull();

    // A dry run is refused the same way, before the cluster is asked anything about the foreign
    // object.
    JsonObject dry =
        call(
            HttpMethod.POST,
            "/api/v1/tenants/team-a/apps/web/operations",
            alice,
            new JsonObject().put("dryRun", true),
            200);
    assertThat(dry.getString("refusal"))
        .contains("sync refused by tenant policy")
        .contains("ConfigMap/team-b-web/planted");
    assertThat(dry.getJsonObject("server").getJsonArray("objects")).isEmpty();
  }

  @Test
  @Order(2)
  void apiTokensAreCreatedShownOnceUsedScopedAndRevoked() throws Exception {
    JsonObject created =
        call(
            HttpMethod.POST,
            "/api/v1/tenants/team-a/tokens",
            alice,
            new JsonObject().put("name", "ci").put("role", "viewer").put("expiresInDays", 7),
            201);
    String secret = created.getString("token");
    assertThat(secret).startsWith("gwt_");
    JsonObject listed = call(HttpMethod.GET, "/api/v1/tenants/team-a/tokens", alice, null, 200);
    assertThat(listed.encode()).contains(created.getString("id")).doesNotContain(secret);

    call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/web", secret, null, 200);
    call(HttpMethod.PUT, "/api/v1/tenants/team-a/apps/web", secret, spec("web", "team-a-web"), 403);
    call(HttpMethod.GET, "/api/v1/tenants/team-b/apps", secret, null, 404);
    JsonObject tenants = call(HttpMethod.GET, "/api/v1/tenants", secret, null, 200);
    assertThat(tenants.getJsonArray("items")).hasSize(1);
    JsonObject used =
        call(HttpMethod.GET, "/api/v1/tenants/team-a/tokens", alice, null, 200)
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(used.getString("lastUsedAt")).isNotNull();
    assertThat(used.getString("lastUsedFrom")).isNotBlank();

    call(
        HttpMethod.DELETE,
        "/api/v1/tenants/team-b/tokens/" + created.getString("id"),
        bob,
        null,
        404);
    call(
        HttpMethod.DELETE,
        "/api/v1/tenants/team-a/tokens/" + created.getString("id"),
        alice,
        null,
        204);
    JsonObject refused = call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/web", secret, null, 401);
    assertThat(refused.getString("detail")).isEqualTo("API token revoked");

    var expired =
        new ApiTokens(new TokenStore(gw.gateway.pool()))
            .create(new TenantId("team-a"), "old", "viewer", Instant.now().minusSeconds(1), "test")
            .await(10, TimeUnit.SECONDS);
    assertThat(
            call(HttpMethod.GET, "/api/v1/tenants/team-a/apps", expired.secret(), null, 401)
                .getString("detail"))
        .isEqualTo("API token expired");
    call(HttpMethod.GET, "/api/v1/tenants/team-a/apps", "gwt_made-up", null, 401);
    call(
        HttpMethod.POST,
        "/api/v1/tenants/team-a/tokens",
        alice,
        new JsonObject().put("name", "x").put("role", "boss"),
        400);
    call(
        HttpMethod.POST,
        "/api/v1/tenants/team-a/tokens",
        dave,
        new JsonObject().put("name", "x").put("role", "viewer"),
        403);
  }

  @Test
  @Order(3)
  void theAuditLogIsPagedForTenantAdminsAndWholeForOperators() throws Exception {
    JsonObject first =
        call(HttpMethod.GET, "/api/v1/tenants/team-a/audit?limit=2", alice, null, 200);
    JsonArray items = first.getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("action")).isEqualTo("token.revoked");
    assertThat(items.getJsonObject(0).getString("subject")).isEqualTo("alice");
    assertThat(items.getJsonObject(0).getString("from")).isNotBlank();
    assertThat(items.getJsonObject(0).getString("tokenId")).isNotBlank();
    JsonObject second =
        call(
            HttpMethod.GET,
            "/api/v1/tenants/team-a/audit?limit=50&before=" + first.getLong("next"),
            alice,
            null,
            200);
    assertThat(second.encode())
        .contains("app.created")
        .contains("app.synced")
        .doesNotContain("token.revoked");
    assertThat(second.encode()).doesNotContain("\"tenant\":\"team-b\"");
    call(HttpMethod.GET, "/api/v1/tenants/team-a/audit", dave, null, 403);
    call(HttpMethod.GET, "/api/v1/tenants/team-b/audit", alice, null, 404);
    call(HttpMethod.GET, "/api/v1/audit", alice, null, 403);
    call(HttpMethod.GET, "/api/v1/tenants/team-a/audit?limit=0", alice, null, 400);

    call(HttpMethod.PUT, "/api/v1/tenants/team-b/apps/b", bob, spec("b", "team-b-web"), 201);
    JsonObject all = call(HttpMethod.GET, "/api/v1/audit", carol, null, 200);
    assertThat(all.encode()).contains("\"tenant\":\"team-a\"").contains("\"tenant\":\"team-b\"");
  }

  @Test
  @Order(4)
  void quotasRefuseAnAppOverTheLimit() throws Exception {
    JsonObject refused =
        call(HttpMethod.PUT, "/api/v1/tenants/team-b/apps/b2", bob, spec("b", "team-b-web"), 409);
    assertThat(refused.getString("detail")).contains("at most 1 apps");
    call(HttpMethod.PUT, "/api/v1/tenants/team-b/apps/b", bob, spec("b", "team-b-other"), 200);
  }

  @Test
  @Order(5)
  void anInvalidTenantFileOnReloadIsRejectedAndThePreviousDefinitionStays() throws Exception {
    Path file = work.resolve("tenants/team-a.yaml");
    Files.writeString(file, TEAM_A + "quotas: {maxApps: lots}\n");
    var changes = gw.gateway.tenants().reload().await(10, TimeUnit.SECONDS);
    assertThat(changes)
        .extracting(TenantReload.Change::kind)
        .containsExactly(TenantReload.Kind.REJECTED);
    call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/web", alice, null, 200);

    Files.writeString(
        file,
        TEAM_A.replace("team-a-viewers: viewer", "team-a-viewers: viewer, team-a-new: deployer"));
    assertThat(gw.gateway.tenants().reload().await(10, TimeUnit.SECONDS))
        .extracting(TenantReload.Change::kind)
        .containsExactly(TenantReload.Kind.CHANGED);
    call(
        HttpMethod.POST,
        "/api/v1/tenants/team-a/apps/web/refresh",
        gw.token("erin", "team-a-new"),
        null,
        200);

    JsonObject audit =
        call(HttpMethod.GET, "/api/v1/tenants/team-a/audit?limit=2", alice, null, 200);
    assertThat(audit.getJsonArray("items").getJsonObject(0).getString("action"))
        .isEqualTo("tenant.reloaded");
    assertThat(audit.getJsonArray("items").getJsonObject(1).getString("outcome"))
        .isEqualTo("rejected");
    assertThat(
            audit
                .getJsonArray("items")
                .getJsonObject(1)
                .getJsonObject("detail")
                .getString("reason"))
        .contains("quotas.maxApps");
  }

  @Test
  @Order(6)
  void theAdminApiManagesTenantsButTheFileWins() throws Exception {
    JsonObject fileWins =
        call(HttpMethod.PUT, "/api/v1/admin/tenants/team-a", carol, new JsonObject(), 409);
    assertThat(fileWins.getString("detail")).contains("the file wins");
    call(HttpMethod.PUT, "/api/v1/admin/tenants/team-c", alice, new JsonObject(), 403);
    JsonObject bad =
        call(
            HttpMethod.PUT,
            "/api/v1/admin/tenants/team-c",
            carol,
            new JsonObject().put("roles", "x"),
            400);
    assertThat(bad.getString("field")).isEqualTo("roles");

    JsonObject teamC =
        new JsonObject()
            .put("roles", new JsonObject().put("team-c-admins", "admin"))
            .put(
                "destinations",
                new JsonArray()
                    .add(new JsonObject().put("cluster", "dev").put("namespace", "team-c-*")));
    assertThat(
            call(HttpMethod.PUT, "/api/v1/admin/tenants/team-c", carol, teamC, 201)
                .getString("source"))
        .isEqualTo("api");
    call(HttpMethod.GET, "/api/v1/tenants/team-c/apps", gw.token("cy", "team-c-admins"), null, 200);
    JsonObject list = call(HttpMethod.GET, "/api/v1/admin/tenants", carol, null, 200);
    assertThat(list.getJsonArray("items")).hasSize(3);

    Files.writeString(
        work.resolve("tenants/team-c.yaml"), "name: team-c\ndisplayName: From file\n");
    gw.gateway.tenants().reload().await(10, TimeUnit.SECONDS);
    JsonObject now = call(HttpMethod.GET, "/api/v1/admin/tenants/team-c", carol, null, 200);
    assertThat(now.getString("source")).isEqualTo("file");
    assertThat(now.getString("displayName")).isEqualTo("From file");
    call(HttpMethod.DELETE, "/api/v1/admin/tenants/team-c", carol, null, 409);
  }

  @Test
  @Order(7)
  void metricsCountAuthenticationFailuresByReasonAndDenialsByTenant() throws Exception {
    String text = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    assertThat(text).contains("gitops_auth_failures_total{reason=\"revoked\"}");
    assertThat(text).contains("gitops_auth_failures_total{reason=\"expired\"}");
    assertThat(text).contains("gitops_authz_denials_total{tenant=\"team-b\"}");
    assertThat(text).contains("gitops_authz_denials_total{tenant=\"team-a\"}");
  }
}
