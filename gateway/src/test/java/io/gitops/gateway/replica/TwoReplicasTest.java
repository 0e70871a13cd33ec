package io.gitops.gateway.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.Gateway;
import io.gitops.gateway.Launcher;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.config.ReplicaConfig;
import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.store.EmbeddedServer;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.TestSources;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Two gateway replicas in one JVM, each on its own clustered Vert.x (Hazelcast on loopback), one
 * PostgreSQL, one simulated cluster: every app is owned by exactly one of them, a request sent to
 * the replica that does not own the app runs on its owner, and when a replica leaves the other one
 * claims its apps and keeps them in sync. (Separate processes, kill -9 and write counts: the
 * loadtest module's ReplicasTest.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasTest {
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "shop"}]
      """;
  static final int APPS = 12;

  @TempDir static Path work;
  static EmbeddedServer postgres;
  static SimulatedCluster dev;
  static TestRepo repo;
  static Vertx clientVertx;
  static DevIssuer issuer;
  static WebClient http;
  static String token;
  static final List<Replica> replicas = new ArrayList<>();

  record Replica(Vertx vertx, Gateway gateway) {
    String id() {
      return gateway.replica();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedServer.start(work.resolve("postgres"));
    dev = SimulatedCluster.start("dev");
    clientVertx = Vertx.vertx();
    issuer = DevIssuer.start(clientVertx, 0).await(30, TimeUnit.SECONDS);
    http = WebClient.create(clientVertx);
    token = issuer.token("ana", List.of("shop-admins"), 3600);
    Path tenants = Files.createDirectories(work.resolve("tenants"));
    Files.writeString(tenants.resolve("shop.yaml"), TENANT);
    repo = TestRepo.create(work.resolve("repo"));
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < APPS; i++) {
      files.put("a" + i + "/config.yaml", config("a" + i, "blue"));
    }
    files.put("manual/config.yaml", config("manual", "blue"));
    repo.commit("apps", files);
    int p1 = freePort();
    int p2 = freePort();
    List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
    replicas.add(replica("r1", p1, members));
    replicas.add(replica("r2", p2, members));
  }

  @AfterAll
  static void stop() throws Exception {
    for (Replica r : replicas) {
      r.gateway.close().await(60, TimeUnit.SECONDS);
      r.vertx.close().await(60, TimeUnit.SECONDS);
    }
    issuer.close().await(10, TimeUnit.SECONDS);
    clientVertx.close().await(10, TimeUnit.SECONDS);
    dev.close();
    repo.close();
    postgres.close();
  }

  @Test
  @Order(1)
  void eachAppIsOwnedByOneReplicaAndRequestsReachTheOwner() throws Exception {
    Replica first = replicas.get(0);
    for (int i = 0; i < APPS; i++) {
      JsonObject spec =
          AppSpecs.onMain(repo.url(), "a" + i, "dev", "shop")
              .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
      // created through either replica: the owner reconciles it
      Replica via = replicas.get(i % 2);
      assertThat(call(via, HttpMethod.PUT, "/api/v1/tenants/shop/apps/a" + i, spec).statusCode())
          .isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(syncedApps(first)).isEqualTo(APPS));

    Map<String, String> owners = owners();
    assertThat(owners).hasSize(APPS);
    assertThat(owners.values()).containsOnly(replicas.get(0).id(), replicas.get(1).id());
    assertThat(owners.values()).contains(replicas.get(0).id(), replicas.get(1).id());

    // A sync asked of the replica that does NOT own the app runs on the owner
    assertThat(
            call(
                    first,
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/manual",
                    AppSpecs.onMain(repo.url(), "manual", "dev", "shop"))
                .statusCode())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> owners().containsKey("manual"));
    Replica owner = byId(owners().get("manual"));
    Replica other = replicas.get(0) == owner ? replicas.get(1) : replicas.get(0);
    HttpResponse<Buffer> sync =
        call(other, HttpMethod.POST, "/api/v1/tenants/shop/apps/manual/sync", null);
    assertThat(sync.statusCode()).as(sync.bodyAsString()).isEqualTo(200);
    assertThat(
            sync.bodyAsJsonObject()
                .getJsonObject("status")
                .getJsonObject("sync")
                .getString("status"))
        .isEqualTo("Synced");
    List<Row> ops =
        rows("SELECT triggered_by, phase FROM sync_operations WHERE app = 'manual' ORDER BY id");
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).getString("triggered_by")).contains("ana");
    assertThat(ops.get(0).getString("phase")).isEqualTo("Succeeded");
    // and the diff, kept in the owner's memory, is served by the other replica too
    HttpResponse<Buffer> diff =
        call(other, HttpMethod.GET, "/api/v1/tenants/shop/apps/manual/diff", null);
    assertThat(diff.statusCode()).as(diff.bodyAsString()).isEqualTo(200);
    assertThat(diff.bodyAsJsonObject().getJsonArray("items").encode())
        .contains("\"name\":\"manual\"");
  }

  @Test
  @Order(2)
  void whenAReplicaLeavesTheOtherClaimsItsAppsAndKeepsThemInSync() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(owners()).hasSizeGreaterThanOrEqualTo(APPS));
    Replica leaving = replicas.get(1);
    Replica staying = replicas.get(0);
    Map<String, Long> epochsBefore = epochs();
    leaving.gateway.close().await(60, TimeUnit.SECONDS);
    leaving.vertx.close().await(60, TimeUnit.SECONDS);
    replicas.remove(leaving);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(owners().values()).containsOnly(staying.id()));
    // each app the leaving replica held was claimed anew: its epoch moved on
    epochs()
        .forEach((app, epoch) -> assertThat(epoch).isGreaterThanOrEqualTo(epochsBefore.get(app)));
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < APPS; i++) {
      files.put("a" + i + "/config.yaml", config("a" + i, "green"));
    }
    repo.commit("green", files);
    for (int i = 0; i < APPS; i++) {
      call(staying, HttpMethod.POST, "/api/v1/tenants/shop/apps/a" + i + "/refresh", null);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (int i = 0; i < APPS; i++) {
                assertThat(
                        dev.client()
                            .configMaps()
                            .inNamespace("shop")
                            .withName("a" + i)
                            .get()
                            .getData()
                            .get("color"))
                    .isEqualTo("green");
              }
            });
  }

  private static Map<String, Long> epochs() throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Row r : rows("SELECT app, epoch FROM app_owners")) {
      out.put(r.getString("app"), r.getLong("epoch"));
    }
    return out;
  }

  private static int syncedApps(Replica via) throws Exception {
    JsonObject page =
        call(via, HttpMethod.GET, "/api/v1/tenants/shop/apps?limit=100", null).bodyAsJsonObject();
    return (int)
        page.getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .filter(
                a ->
                    "Synced"
                        .equals(
                            a.getJsonObject("status").getJsonObject("sync").getString("status")))
            .count();
  }

  private static Replica byId(String id) {
    return replicas.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private static Map<String, String> owners() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (Row r : rows("SELECT app, owner FROM app_owners ORDER BY app")) {
      out.put(r.getString("app"), r.getString("owner"));
    }
    return out;
  }

  private static List<Row> rows(String sql) throws Exception {
    List<Row> out = new ArrayList<>();
    replicas
        .get(0)
        .gateway
        .pool()
        .query(sql)
        .execute()
        .await(10, TimeUnit.SECONDS)
        .forEach(out::add);
    return out;
  }

  private static HttpResponse<Buffer> call(
      Replica r, HttpMethod method, String path, JsonObject body) throws Exception {
    var request =
        http.request(method, r.gateway.port(), "localhost", path)
            .putHeader("Authorization", "Bearer " + token);
    return (body == null ? request.send() : request.sendJsonObject(body))
        .await(60, TimeUnit.SECONDS);
  }

  private static Replica replica(String name, int port, List<String> members) throws Exception {
    ReplicaConfig replicas =
        new ReplicaConfig(true, "127.0.0.1", port, 0, members, null, Duration.ofSeconds(5));
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = Launcher.vertx(metrics, replicas);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("http", Map.of("port", 0, "host", "localhost"));
    Map<String, Object> git =
        new LinkedHashMap<>(
            Map.of(
                "data-dir", work.resolve("git-" + name).toString(), "poll-interval-seconds", 3600));
    git.putAll(TestSources.allowances(work));
    tree.put("git", git);
    tree.put("tenants", Map.of("dir", work.resolve("tenants").toString()));
    tree.put("kube", Map.of("probe-interval-seconds", 1));
    tree.put("clusters", List.of(Map.of("name", "dev", "server", dev.url(), "token", "test")));
    GatewayConfig config =
        ConfigLoader.fromTree(tree, Map.of(), true)
            .withOidc(new GatewayConfig.Oidc(issuer.issuer(), DevIssuer.AUDIENCE))
            .withDatabase(
                new GatewayConfig.Database(
                    postgres.url(), EmbeddedServer.USER, EmbeddedServer.PASSWORD, 4, null))
            .withReplicas(replicas);
    Gateway gateway = Gateway.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
    return new Replica(vertx, gateway);
  }

  private static String config(String name, String color) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {color: %s}
        """
        .formatted(name, color);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
