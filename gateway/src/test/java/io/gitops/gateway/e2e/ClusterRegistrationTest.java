package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator registers a cluster through the API: apps can deploy to it at once, its token is
 * stored encrypted and never shown, and the clusters of the configuration file stay read-only.
 */
class ClusterRegistrationTest {
  static final String TENANT =
      """
      name: fleet
      roles: {fleet-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: fleet}]
      """;
  static final String SECRET_TOKEN = "very-secret-cluster-token";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static SimulatedCluster edge;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("fleet", TENANT),
            List.of("dev"),
            Map.of("credentials", Map.of("key", Base64.getEncoder().encodeToString(new byte[32]))));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "cm",
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: where}\ndata: {at: edge}\n"));
    edge = SimulatedCluster.start("edge");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
    edge.close();
  }

  @Test
  void aClusterRegisteredThroughTheApiTakesAppsAndKeepsItsTokenSecret() throws Exception {
    String operator = gw.token("olga", "gitops-operators");
    var created =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/edge",
            operator,
            new JsonObject().put("server", edge.url()).put("token", SECRET_TOKEN));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);

    var listed = gw.call(HttpMethod.GET, "/api/v1/admin/clusters", operator, null);
    assertThat(listed.bodyAsString())
        .contains("\"edge\"")
        .contains("\"dev\"")
        .doesNotContain(SECRET_TOKEN);

    String admin = gw.token("fay", "fleet-admins");
    JsonObject spec =
        AppSpecs.of(repo.url(), "app", "edge", "fleet")
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    assertThat(
            gw.call(HttpMethod.PUT, "/api/v1/tenants/fleet/apps/edge-app", admin, spec)
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(edge.client().configMaps().inNamespace("fleet").withName("where").get())
                  .isNotNull();
              assertThat(syncStatus(gw.app("fleet", "edge-app", admin))).isEqualTo("Synced");
            });

    Row row =
        gw.gateway
            .pool()
            .query("SELECT credentials FROM clusters WHERE name = 'edge'")
            .execute()
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next();
    assertThat(new String(row.getBuffer("credentials").getBytes(), StandardCharsets.ISO_8859_1))
        .as("encrypted at rest")
        .doesNotContain(SECRET_TOKEN)
        .doesNotContain(edge.url());

    var stillUsed = gw.call(HttpMethod.DELETE, "/api/v1/admin/clusters/edge", operator, null);
    assertThat(stillUsed.statusCode()).isEqualTo(409);
    assertThat(stillUsed.bodyAsString()).contains("1 app(s) still deploy");
  }

  @Test
  void badBodiesNameTheFieldAndConfiguredClustersAreReadOnly() throws Exception {
    String operator = gw.token("olga", "gitops-operators");
    var unknown =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/x",
            operator,
            new JsonObject().put("server", "https://k").put("tokn", "t"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("tokn");
    var noContext =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/x",
            operator,
            new JsonObject().put("kubeconfig", "apiVersion: v1"));
    assertThat(noContext.bodyAsJsonObject().getString("field")).isEqualTo("context");
    var badKubeconfig =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/x",
            operator,
            new JsonObject()
                .put("kubeconfig", "apiVersion: v1\nkind: Config\ncontexts: []\n")
                .put("context", "prod"));
    assertThat(badKubeconfig.statusCode()).isEqualTo(400);
    assertThat(badKubeconfig.bodyAsString()).contains("context 'prod' not found");
    var configured =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/dev",
            operator,
            new JsonObject().put("server", "https://k"));
    assertThat(configured.statusCode()).isEqualTo(409);
    var tenantAdmin =
        gw.call(HttpMethod.GET, "/api/v1/admin/clusters", gw.token("fay", "fleet-admins"), null);
    assertThat(tenantAdmin.statusCode()).isEqualTo(403);
  }
}
