package io.gitops.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.apiserver.ChildProcess;
import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.store.EmbeddedServer;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as production runs it — the server jar in its own JVM, configured by a YAML file —
 * against Keycloak, the most common self-hosted issuer, with a realm import that maps groups and
 * the gateway's audience into access tokens. Keycloak's JWKS carries an {@code RSA-OAEP} encryption
 * key beside its signing key: the start log stays clean of it. Runs in the verify phase with the
 * jar as built ({@code *JarTest} execution in gateway/pom.xml).
 */
class KeycloakServeJarTest {
  static final String TENANT =
      """
      name: team-a
      roles: {team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: team-a}]
      """;
  static final String CONFIG_MAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {colour: blue}
      """;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path work;
  static KeycloakServer keycloak;
  static EmbeddedServer postgres;
  static SimulatedCluster dev;
  static TestRepo repo;
  static ChildProcess gateway;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    keycloak = KeycloakServer.startOrSkip(work);
    postgres = EmbeddedServer.start(work.resolve("postgres"));
    dev = SimulatedCluster.start("dev");
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("settings", Map.of("app/settings.yaml", CONFIG_MAP));
    Path tenants = Files.createDirectories(work.resolve("tenants"));
    Files.writeString(tenants.resolve("team-a.yaml"), TENANT);
    int port = KeycloakServer.freePort();
    Path config = work.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        http: {port: %d}
        database: {url: "%s", user: %s, password: %s}
        oidc: {issuer: "%s", audience: gitops-gateway}
        git: {data-dir: "%s", allowed-schemes: [file], allowed-local-paths: ["%s"]}
        tenants: {dir: "%s"}
        credentials: {key: "%s"}
        clusters:
          - {name: dev, server: "%s", token: not-checked-by-the-simulator}
        """
            .formatted(
                port,
                postgres.url(),
                EmbeddedServer.USER,
                EmbeddedServer.PASSWORD,
                keycloak.issuer(),
                work.resolve("git"),
                work.resolve("repo"),
                tenants,
                java.util.Base64.getEncoder().encodeToString(new byte[32]),
                dev.url()));
    Path jar = Path.of(System.getProperty("gitops.serverJar", "target/gitops-gateway.jar"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    gateway =
        ChildProcess.start(
            "gateway",
            List.of(java, "-jar", jar.toString(), "serve", "--config", config.toString()),
            work.resolve("gateway.log"));
    base = "http://localhost:" + port;
    await("the gateway ready")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(java.net.ConnectException.class)
        .until(
            () -> {
              gateway.requireAlive();
              return call("GET", "/health/ready", null, null).statusCode() == 200;
            });
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable part : new AutoCloseable[] {gateway, repo, dev, postgres, keycloak}) {
      if (part != null) {
        part.close();
      }
    }
  }

  @Test
  void keycloaksJwksCarriesAnEncryptionKeyAndTheStartLogHasNoTraceOfIt() throws Exception {
    JsonArray keys =
        new JsonObject(
                KeycloakServer.get(keycloak.issuer() + "/protocol/openid-connect/certs").body())
            .getJsonArray("keys");
    assertThat(keys.stream().map(k -> ((JsonObject) k).getString("alg")))
        .as("the situation this test is about: a signing and an encryption key")
        .contains("RS256", "RSA-OAEP");
    String log = Files.readString(work.resolve("gateway.log"), StandardCharsets.UTF_8);
    assertThat(log)
        .as("the gateway's start log:\n%s", log)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("SEVERE")
        .containsOnlyOnce("skipped a key of the issuer's JWKS");
    assertThat(log.lines().filter(l -> l.contains("WARNING")))
        .as(
            "warnings, other than the blocked-thread checker's (this machine's load is not the"
                + " gateway's doing; the in-process tests watch the event loops)")
        .allMatch(l -> l.contains("BlockedThreadChecker"));
  }

  @Test
  void aKeycloakUserInTheTenantsGroupCreatesAnAppThatSyncs() throws Exception {
    String alice = keycloak.token("gitops-cli", "alice");
    JsonObject spec = AppSpecs.onMain(repo.url(), "app", "dev", "team-a");
    HttpResponse<String> created = call("PUT", "/api/v1/tenants/team-a/apps/settings", alice, spec);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> synced =
        call("POST", "/api/v1/tenants/team-a/apps/settings/sync", alice, null);
    assertThat(synced.statusCode()).as(synced.body()).isEqualTo(200);
    await("the app synced")
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                new JsonObject(
                        call("GET", "/api/v1/tenants/team-a/apps/settings", alice, null).body())
                    .getJsonObject("status", new JsonObject())
                    .getJsonObject("sync", new JsonObject())
                    .getString("status", ""),
            "Synced"::equals);
    assertThat(dev.client().configMaps().inNamespace("team-a").withName("settings").get())
        .isNotNull();
  }

  @Test
  void aKeycloakUserOutsideEveryGroupIsRefusedWithoutALeak() throws Exception {
    String mallory = keycloak.token("gitops-cli", "mallory");
    HttpResponse<String> answer = call("GET", "/api/v1/tenants/team-a/apps", mallory, null);
    // 404, not 403: a tenant the caller has no role in is not shown to exist.
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
    assertThat(answer.body()).doesNotContain("settings");
  }

  @Test
  void theOperatorGroupReachesTheAdminApi() throws Exception {
    String carol = keycloak.token("gitops-cli", "carol");
    HttpResponse<String> answer = call("GET", "/api/v1/admin/clusters", carol, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("dev").doesNotContain("not-checked-by-the-simulator");
  }

  @Test
  void aKeycloakTokenForAnotherAudienceIsRefused() throws Exception {
    String foreign = keycloak.token("another-app", "alice");
    HttpResponse<String> answer = call("GET", "/api/v1/tenants/team-a/apps", foreign, null);
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("audience");
  }

  static HttpResponse<String> call(String method, String path, String token, JsonObject body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
