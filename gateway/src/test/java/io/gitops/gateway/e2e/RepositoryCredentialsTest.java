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
 * A private repository over HTTP with basic auth: an app fails with the reason until a tenant admin
 * stores a token; then it fetches. The token is never returned by the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepositoryCredentialsTest {
  static final String TOKEN_VALUE = "glpat-very-secret-token-123";
  static final String TENANT =
      """
      name: priv
      roles: {priv-admins: admin, priv-viewers: viewer}
      sourceRepos: ["http://127.0.0.1:*/**"]
      destinations: [{cluster: dev, namespace: "priv-*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static GitHttpServer server;
  static String commit;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("priv", TENANT),
            List.of("dev"),
            Map.of("credentials", Map.of("key", CredentialCipher.newKey())));
    repo = TestRepo.create(work.resolve("private"));
    commit =
        repo.commit(
            "one",
            Map.of(
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: b}\n"));
    server = GitHttpServer.serve(work.resolve("private"), "bot", TOKEN_VALUE);
    admin = gw.token("ann", "priv-admins");
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

  static String revisionOrMessage() {
    var status = gw.gateway.loop().app(AppId.of("priv", "web")).orElseThrow().status();
    return status.revision() + " " + status.message();
  }

  static JsonObject credential(String url) {
    return new JsonObject().put("url", url).put("username", "bot").put("password", TOKEN_VALUE);
  }

  @Test
  @Order(1)
  void withoutCredentialsTheAppSaysItCannotReadTheRepository() throws Exception {
    JsonObject spec = AppSpecs.onMain(server.url(), "app", "dev", "priv-web");
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/priv/apps/web", admin, spec).statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(revisionOrMessage())
                    .contains("cannot read repository")
                    .containsIgnoringCase("auth"));
  }

  @Test
  @Order(2)
  void badRequestsNameTheFieldAndOnlyAdminsOfAllowedUrlsMayStore() throws Exception {
    var unknown =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/priv/repository-credentials",
            admin,
            credential(server.url()).put("token", "x"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("token");
    var both =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/priv/repository-credentials",
            admin,
            credential(server.url()).put("sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----"));
    assertThat(both.statusCode()).isEqualTo(400);
    var outside =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/priv/repository-credentials",
            admin,
            credential("https://github.com/someone-else/"));
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.bodyAsJsonObject().getString("field")).isEqualTo("url");
    var viewer =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/priv/repository-credentials",
            gw.token("dave", "priv-viewers"),
            credential(server.url()));
    assertThat(viewer.statusCode()).isEqualTo(403);
  }

  @Test
  @Order(3)
  void aStoredTokenForAPrefixLetsTheAppFetchAndIsNeverReturned() throws Exception {
    String prefix = server.url().substring(0, server.url().lastIndexOf('/') + 1);
    var stored =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/priv/repository-credentials",
            admin,
            credential(prefix));
    assertThat(stored.statusCode()).isEqualTo(201);
    assertThat(stored.bodyAsString()).doesNotContain(TOKEN_VALUE);

    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/priv/apps/web/refresh", admin, null)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(revisionOrMessage()).startsWith(commit + " "));

    var listed =
        gw.call(HttpMethod.GET, "/api/v1/tenants/priv/repository-credentials", admin, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsString())
        .doesNotContain(TOKEN_VALUE)
        .contains(prefix, "\"kind\":\"https\"", "\"username\":\"bot\"");
    var app = gw.call(HttpMethod.GET, "/api/v1/tenants/priv/apps/web", admin, null);
    assertThat(app.bodyAsString()).doesNotContain(TOKEN_VALUE);

    assertThat(
            gw.call(
                    HttpMethod.DELETE,
                    "/api/v1/tenants/priv/repository-credentials?url="
                        + java.net.URLEncoder.encode(
                            prefix, java.nio.charset.StandardCharsets.UTF_8),
                    admin,
                    null)
                .statusCode())
        .isEqualTo(204);
  }
}
