package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile tenant admin names repositories that would make the gateway read its own disk, other
 * tenants' mirrors or internal addresses, or slip past sourceRepos with '..' and '%2e'. Each is
 * refused over REST and GraphQL with a 400 naming source.repoURL, and nothing is created: no app,
 * no mirror folder, no object on the cluster. A tenant file narrowed later stops the next fetch.
 * The gateway here is configured as an operator would: file:// only under one folder, no internal
 * hosts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceUrlAttackTest {
  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo shared;
  static Path repos;
  static Path dataDir;

  static String tenant(String name, String sourceRepos) {
    return "name: "
        + name
        + "\nroles: {"
        + name
        + "-admins: admin}\nsourceRepos: "
        + sourceRepos
        + "\n"
        + "destinations: [{cluster: dev, namespace: \""
        + name
        + "-*\"}]\n";
  }

  @BeforeAll
  static void start() throws Exception {
    repos = work.resolve("repos");
    dataDir = work.resolve("git");
    shared = TestRepo.create(repos.resolve("team-a/shop"));
    shared.commit(
        "one",
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: b}\n"));
    Map<String, Object> git =
        Map.of(
            "data-dir",
            dataDir.toString(),
            "poll-interval-seconds",
            3600,
            "allowed-schemes",
            List.of("https", "ssh", "file"),
            "allowed-local-paths",
            List.of(repos.toString()));
    gw =
        GatewayHarness.start(
            work,
            Map.of(
                "wild", tenant("wild", "[\"*\"]"),
                "team-a",
                    tenant(
                        "team-a",
                        "[\"https://git.example.com/team-a/*\", \"file://"
                            + repos
                            + "/team-a/*\"]")),
            List.of("dev"),
            Map.of("git", git));
    // a legitimate app, so there is a mirror under git.data-dir to aim at
    var created =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/team-a/apps/shop",
            admin("team-a"),
            AppSpecs.onMain(shared.url(), "app", "dev", "team-a-shop"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(60)).until(() -> mirrors().size() == 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (shared != null) {
      shared.close();
    }
  }

  static String admin(String tenant) {
    return gw.token("admin-of-" + tenant, tenant + "-admins");
  }

  static Set<String> mirrors() throws Exception {
    if (!Files.isDirectory(dataDir)) {
      return Set.of();
    }
    try (Stream<Path> all = Files.list(dataDir)) {
      return all.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".git"))
          .collect(Collectors.toSet());
    }
  }

  /** tenant, URL, words the refusal must contain. */
  static Stream<List<String>> attacks() throws Exception {
    String mirror = dataDir.resolve(mirrors().iterator().next()).toString();
    return Stream.of(
        List.of("wild", "file:///etc", "git.allowed-local-paths"),
        List.of("wild", "/etc", "git.allowed-local-paths"),
        List.of("wild", "file://" + mirror, "git.data-dir"),
        List.of("wild", mirror, "git.data-dir"),
        List.of(
            "wild",
            "file://" + repos + "/../git/" + mirror.substring(mirror.lastIndexOf('/') + 1),
            "'..' segment"),
        List.of(
            "wild",
            "http://127.0.0.1:" + gw.gateway.port() + "/x.git",
            "scheme 'http' is not allowed"),
        List.of("wild", "https://127.0.0.1:" + gw.gateway.port() + "/x.git", "loopback"),
        List.of("wild", "https://169.254.169.254/latest/meta-data", "link-local"),
        List.of("wild", "https://[::1]:22/x", "loopback"),
        List.of("wild", "https://10.0.0.1/x", "private"),
        List.of("team-a", "https://git.example.com/team-a/../team-b/x.git", "'..' segment"),
        List.of("team-a", "https://git.example.com/team-a/%2e%2e/team-b/x.git", "percent-encoding"),
        List.of("team-a", "https://git.example.com/team-a/x%2f..%2fteam-b", "percent-encoding"),
        List.of("team-a", "https://git.example.com/team-a//team-b", "empty segment"),
        List.of("team-a", "https://git.example.com/team-a/sub/x.git", "sourceRepos"),
        List.of("team-a", "https://git.example.com.evil.tld/team-a/x.git", "sourceRepos"),
        List.of("team-a", "file://" + repos + "/team-a/../team-b/x", "'..' segment"));
  }

  @ParameterizedTest(name = "REST {0}")
  @MethodSource("attacks")
  @Order(1)
  void refusedOverRest(List<String> attack) throws Exception {
    Set<String> before = mirrors();
    var r =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/" + attack.get(0) + "/apps/evil",
            admin(attack.get(0)),
            AppSpecs.onMain(attack.get(1), "app", "dev", attack.get(0) + "-evil"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("source.repoURL");
    assertThat(r.bodyAsJsonObject().getString("detail"))
        .contains(attack.get(2))
        .doesNotContain("Exception");
    assertNothingCreated(attack.get(0), before);
  }

  @ParameterizedTest(name = "GraphQL {0}")
  @MethodSource("attacks")
  @Order(2)
  void refusedOverGraphql(List<String> attack) throws Exception {
    Set<String> before = mirrors();
    String query =
        "mutation { createApp(tenant: \""
            + attack.get(0)
            + "\", name: \"evil\", input: {repoURL: "
            + new JsonObject()
                .put("u", attack.get(1))
                .encode()
                .replaceFirst("^\\{\"u\":", "")
                .replaceFirst("}$", "")
            + ", path: \"app\", cluster: \"dev\", namespace: \""
            + attack.get(0)
            + "-evil\"}) { version } }";
    var r =
        gw.call(
            HttpMethod.POST,
            "/graphql",
            admin(attack.get(0)),
            new JsonObject().put("query", query));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject error = r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getInteger("status"))
        .as(error.encode())
        .isEqualTo(400);
    assertThat(error.getJsonObject("extensions").getString("field")).isEqualTo("source.repoURL");
    assertThat(error.getString("message")).contains(attack.get(2));
    assertNothingCreated(attack.get(0), before);
  }

  static void assertNothingCreated(String tenant, Set<String> mirrorsBefore) throws Exception {
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/apps/evil", admin(tenant), null)
                .statusCode())
        .isEqualTo(404);
    assertThat(mirrors()).isEqualTo(mirrorsBefore);
    assertThat(
            gw.clusters
                .get("dev")
                .client()
                .configMaps()
                .inNamespace(tenant + "-evil")
                .list()
                .getItems())
        .isEmpty();
  }

  @Test
  @Order(3)
  void aNarrowedTenantFileStopsTheNextFetch() throws Exception {
    Files.writeString(
        work.resolve("tenants/team-a.yaml"),
        tenant("team-a", "[\"https://git.example.com/team-a/*\"]"));
    gw.gateway.tenants().reload().await(30, java.util.concurrent.TimeUnit.SECONDS);
    long before = Files.getLastModifiedTime(dataDir).toMillis();
    shared.commit(
        "two",
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: c}\n"));
    gw.call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/shop/refresh", admin("team-a"), null);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        gw.app("team-a", "shop", admin("team-a"))
                            .getJsonObject("status")
                            .getString("message"))
                    .contains("repository URL refused", "sourceRepos"));
    assertThat(Files.getLastModifiedTime(dataDir).toMillis()).isEqualTo(before);
  }
}
