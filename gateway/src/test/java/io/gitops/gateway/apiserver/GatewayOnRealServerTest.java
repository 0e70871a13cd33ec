package io.gitops.gateway.apiserver;

import static io.gitops.gateway.support.GatewayHarness.resource;
import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway against a real kube-apiserver: what the simulator cannot prove. Server defaults
 * are not drift, a field dropped from Git leaves the live object through server-side apply's field
 * ownership, a label another manager added is removed by a sync (apply alone would keep it), and an
 * object the server rejects fails the sync with its reason.
 */
@Tag("apiserver")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayOnRealServerTest {
  static final String TENANT =
      """
      name: real
      roles: {real-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: kube, namespace: default}, {cluster: kube, namespace: not-there}]
      """;
  static final String CONFIG =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {a: "1", b: "2"}
      """;
  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: "nginx:1.27"}]
      """;

  @TempDir static Path work;
  static RealApiServer server;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    server = RealApiServer.startOrSkip();
    kube = server.client();
    gw =
        GatewayHarness.start(
            work,
            Map.of("real", TENANT),
            List.of(),
            List.of(
                Map.of(
                    "name",
                    "kube",
                    "server",
                    server.url(),
                    "token",
                    server.config().getOauthToken(),
                    "insecure-skip-tls-verify",
                    true)));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("app", Map.of("app/config.yaml", CONFIG, "app/deployment.yaml", DEPLOYMENT));
    token = gw.token("rui", "real-admins");
    JsonObject spec =
        AppSpecs.of(repo.url(), "app", "kube", "default")
            .put(
                "syncPolicy",
                new JsonObject().put("automated", new JsonObject().put("prune", true)));
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/real/apps/web", token, spec).statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void appliedWithTheTenantsFieldManagerAndServerDefaultsAreNotDrift() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("real", "web", token);
              assertThat(syncStatus(app)).as(app.encode()).isEqualTo("Synced");
              assertThat(resource(app, "Deployment", "web").getString("status"))
                  .isEqualTo("Synced");
            });
    var live = kube.apps().deployments().inNamespace("default").withName("web").get();
    assertThat(live.getSpec().getReplicas()).as("defaulted by the server").isEqualTo(1);
    assertThat(live.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    // Each tenant applies as its own field manager, so managedFields say which tenant set which
    // field.
    assertThat(live.getMetadata().getManagedFields())
        .anyMatch(
            f -> f.getManager().equals("gitops-gateway-real") && f.getOperation().equals("Apply"));
    assertThat(live.getMetadata().getManagedFields())
        .noneMatch(f -> f.getManager().equals("gitops-gateway"));
  }

  @Test
  @Order(2)
  void aKeyRemovedFromGitIsRemovedFromTheLiveObject() throws Exception {
    repo.commit("drop b", Map.of("app/config.yaml", CONFIG.replace(", b: \"2\"", "")));
    gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/web/refresh", token, null);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        kube.configMaps()
                            .inNamespace("default")
                            .withName("settings")
                            .get()
                            .getData())
                    .containsEntry("a", "1")
                    .doesNotContainKey("b"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> syncStatus(gw.app("real", "web", token)).equals("Synced"));
  }

  @Test
  @Order(3)
  void aLabelAnotherManagerAddedIsDriftAndASyncRemovesItWhereApplyAloneWouldNot() throws Exception {
    kube.configMaps()
        .inNamespace("default")
        .withName("settings")
        .edit(
            cm -> {
              cm.getMetadata().getLabels().put("audit", "done");
              return cm;
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("real", "web", token);
              assertThat(syncStatus(app)).isEqualTo("OutOfSync");
              assertThat(resource(app, "ConfigMap", "settings").getString("message"))
                  .contains("/metadata/labels/audit");
            });
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/web/sync", token, null)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> syncStatus(gw.app("real", "web", token)).equals("Synced"));
    var live = kube.configMaps().inNamespace("default").withName("settings").get();
    assertThat(live.getMetadata().getLabels())
        .doesNotContainKey("audit")
        .containsKeys("gitops.io/tenant", "gitops.io/app");
    assertThat(live.getData()).containsEntry("a", "1");
  }

  @Test
  @Order(4)
  void anObjectTheServerRejectsFailsTheSyncWithItsReason() throws Exception {
    String invalid =
        DEPLOYMENT
            .replace("name: web", "name: broken")
            .replace("matchLabels: {app: web}", "matchLabels: {app: other}");
    repo.commit("broken", Map.of("app/broken.yaml", invalid));
    // The refresh answers with the status of the reconcile it triggered: the one that synced the
    // new commit.
    JsonObject app =
        gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/web/refresh", token, null)
            .bodyAsJsonObject();
    assertThat(app.getJsonObject("status").getString("message"))
        .contains("sync failed")
        .contains("broken")
        .containsIgnoringCase("selector");
    assertThat(syncStatus(app)).isEqualTo("OutOfSync");
    assertThat(kube.apps().deployments().inNamespace("default").withName("broken").get()).isNull();
  }

  @Test
  @Order(5)
  void aMissingDestinationNamespaceIsNamedWithTheWayOut() throws Exception {
    assertThat(kube.namespaces().withName("not-there").get()).isNull();
    JsonObject spec = AppSpecs.of(repo.url(), "app", "kube", "not-there");
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/real/apps/lost", token, spec).statusCode())
        .isEqualTo(201);
    JsonObject app =
        gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/lost/sync", token, null)
            .bodyAsJsonObject();
    String message = app.getJsonObject("status").getString("message");
    assertThat(message)
        .contains("namespace \"not-there\" does not exist on cluster \"kube\"")
        .contains("CreateNamespace=true")
        .doesNotContain("Failure executing")
        .doesNotContain("https://");
    assertThat(kube.namespaces().withName("not-there").get()).isNull();
  }
}
