package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.GitHttpServer;
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
 * Two tenants may both name one private repository; each fetches with its own credential or none.
 * Tenant A stores a token and syncs; tenant B, pointing an app at the same URL without a
 * credential, fails with an authentication error and never sees A's content, although A's clone
 * sits on the same gateway. With a wrong token of its own B is told that one was rejected; with a
 * right one B fetches too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantCredentialIsolationTest {
  static final String TOKEN = "glpat-team-a-only-0000";
  static final String SECRET_DATA = "only-team-a-may-read-this";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static GitHttpServer server;
  static String commit;

  static String tenant(String name) {
    return "name: "
        + name
        + "\nroles: {"
        + name
        + "-admins: admin}\nsourceRepos: [\"http://127.0.0.1:*/**\"]\n"
        + "destinations: [{cluster: dev, namespace: \""
        + name
        + "-*\"}]\n";
  }

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("team-a", tenant("team-a"), "team-b", tenant("team-b")),
            List.of("dev"),
            Map.of("credentials", Map.of("key", CredentialCipher.newKey())));
    repo = TestRepo.create(work.resolve("private"));
    commit =
        repo.commit(
            "one",
            Map.of(
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {secret: "
                    + SECRET_DATA
                    + "}\n"));
    server = GitHttpServer.serve(work.resolve("private"), "bot", TOKEN);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (server != null) {
      server.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  static String admin(String tenant) {
    return gw.token("admin-of-" + tenant, tenant + "-admins");
  }

  static void createApp(String tenant) throws Exception {
    JsonObject spec = AppSpecs.onMain(server.url(), "app", "dev", tenant + "-web");
    assertThat(
            gw.call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/apps/web", admin(tenant), spec)
                .statusCode())
        .isEqualTo(201);
  }

  static void storeToken(String tenant, String token) throws Exception {
    JsonObject body =
        new JsonObject().put("url", server.url()).put("username", "bot").put("password", token);
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/" + tenant + "/repository-credentials",
                    admin(tenant),
                    body)
                .statusCode())
        .isBetween(200, 201);
  }

  static String revisionAndMessage(String tenant) {
    var status = gw.gateway.loop().app(AppId.of(tenant, "web")).orElseThrow().status();
    return status.revision() + " " + status.message();
  }

  static void refresh(String tenant) throws Exception {
    assertThat(
            gw.call(
                    HttpMethod.POST,
                    "/api/v1/tenants/" + tenant + "/apps/web/refresh",
                    admin(tenant),
                    null)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @Order(1)
  void tenantAFetchesWithItsOwnCredential() throws Exception {
    storeToken("team-a", TOKEN);
    createApp("team-a");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(revisionAndMessage("team-a")).startsWith(commit + " "));
  }

  @Test
  @Order(2)
  void tenantBWithoutACredentialFailsWithAnAuthErrorAndNeverSeesTheContent() throws Exception {
    createApp("team-b");
    refresh("team-b");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(revisionAndMessage("team-b"))
                    .startsWith("null ")
                    .contains("authentication required", "no repository credential"));
    var app = gw.call(HttpMethod.GET, "/api/v1/tenants/team-b/apps/web", admin("team-b"), null);
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.bodyAsString()).doesNotContain(SECRET_DATA, commit, TOKEN);
    assertThat(revisionAndMessage("team-a"))
        .as("A is not disturbed")
        .startsWith(commit + " ")
        .doesNotContain("auth");
  }

  @Test
  @Order(3)
  void tenantBsOwnWrongTokenIsRejectedAndItsRightTokenFetches() throws Exception {
    storeToken("team-b", "not-the-token");
    refresh("team-b");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(revisionAndMessage("team-b"))
                    .startsWith("null ")
                    .contains("rejected the stored credential (user bot)"));

    storeToken("team-b", TOKEN);
    refresh("team-b");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(revisionAndMessage("team-b")).startsWith(commit + " "));
  }
}
