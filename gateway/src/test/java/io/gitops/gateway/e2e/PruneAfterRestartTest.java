package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind that left Git before a restart: afterwards nothing in Git names it, yet the app's last
 * status does, so the kind is watched again, its object shows as extra and a prune removes it.
 */
class PruneAfterRestartTest {
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: shop}]
      """;
  static final String CONFIG =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: \"1\"}\n";
  static final String SERVICE =
      "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
          + "  ports: [{port: 80}]\n";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  @Test
  void anObjectWhoseKindLeftGitIsStillSeenAfterARestartAndPruned() throws Exception {
    repo.commit("both", Map.of("app/config.yaml", CONFIG, "app/service.yaml", SERVICE));
    String token = gw.token("ann", "shop-admins");
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/web",
                    token,
                    AppSpecs.onMain(repo.url(), "app", "dev", "shop"))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/sync", token, null)
                .statusCode())
        .isEqualTo(200);
    var kube = gw.clusters.get("dev").client();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kube.services().inNamespace("shop").withName("web").get() != null);

    // Git drops the Service; the old process fetches it (a manual app: nothing is pruned yet), then
    // restarts.
    Map<String, String> withoutService = new HashMap<>();
    withoutService.put("app/service.yaml", null);
    repo.commit("drop the service", withoutService);
    gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/refresh", token, null);
    gw = gw.restart(work);
    String again = gw.token("ann", "shop-admins");

    // Nothing in Git names a Service any more, yet the new process must see the one left behind.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("shop", "web", again);
              assertThat(syncStatus(app)).as(app.encode()).isEqualTo("OutOfSync");
              assertThat(app.encode()).contains("\"kind\":\"Service\"");
            });
    JsonObject prune = new JsonObject().put("prune", true);
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/operations", again, prune)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kube.services().inNamespace("shop").withName("web").get() == null);
    assertThat(kube.configMaps().inNamespace("shop").withName("settings").get()).isNotNull();
  }
}
