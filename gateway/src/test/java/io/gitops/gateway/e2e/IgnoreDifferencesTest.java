package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's ignoreDifferences: what it names is not drift (a field by JSON pointer, fields another
 * manager owns such as an autoscaler's replicas), while everything else still is; a bad entry is
 * refused when the app is saved, naming it.
 */
class IgnoreDifferencesTest {
  static final String TENANT =
      """
      name: ign
      roles: {ign-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: ign}]
      """;
  static final String MANIFESTS =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: tuning}
      data: {color: blue, size: "3"}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api}
      spec:
        selector: {matchLabels: {app: api}}
        template:
          metadata: {labels: {app: api}}
          spec:
            containers: [{name: api, image: "api:1"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient cluster;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("ign", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("api", Map.of("api/all.yaml", MANIFESTS));
    token = gw.token("ida", "ign-admins");
    cluster = gw.clusters.get("dev").client();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static JsonObject spec(JsonArray ignore) {
    return AppSpecs.of(repo.url(), "api", "dev", "ign")
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject()))
        .put("ignoreDifferences", ignore);
  }

  @Test
  void ignoredFieldsAreNotDriftAndTheRestStillIs() throws Exception {
    JsonArray ignore =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("kind", "ConfigMap")
                    .put("name", "tuning")
                    .put("jsonPointers", new JsonArray().add("/data/color")))
            .add(
                new JsonObject()
                    .put("group", "apps")
                    .put("kind", "Deployment")
                    .put("managedFieldsManagers", new JsonArray().add("autoscaler")));
    var created = gw.call(HttpMethod.PUT, "/api/v1/tenants/ign/apps/api", token, spec(ignore));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getJsonObject("spec").getJsonArray("ignoreDifferences"))
        .hasSize(2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> syncStatus(gw.app("ign", "api", token)).equals("Synced"));

    cluster
        .configMaps()
        .inNamespace("ign")
        .withName("tuning")
        .edit(
            cm -> {
              cm.getData().put("color", "red");
              return cm;
            });
    // An autoscaler (its own field manager) sets the replicas Git leaves to it.
    cluster
        .apps()
        .deployments()
        .inNamespace("ign")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName("api")
                .withNamespace("ign")
                .endMetadata()
                .withNewSpec()
                .withReplicas(7)
                .endSpec()
                .build())
        .fieldManager("autoscaler")
        .forceConflicts()
        .serverSideApply();
    JsonObject refreshed =
        gw.call(HttpMethod.POST, "/api/v1/tenants/ign/apps/api/refresh", token, null)
            .bodyAsJsonObject();
    assertThat(refreshed.getJsonObject("status").getJsonObject("sync").getString("status"))
        .isEqualTo("Synced");
    assertThat(cluster.configMaps().inNamespace("ign").withName("tuning").get().getData())
        .containsEntry("color", "red");
    assertThat(
            cluster
                .apps()
                .deployments()
                .inNamespace("ign")
                .withName("api")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(7);

    cluster
        .configMaps()
        .inNamespace("ign")
        .withName("tuning")
        .edit(
            cm -> {
              cm.getData().put("size", "9");
              return cm;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("ign", "api", token);
              assertThat(syncStatus(app)).isEqualTo("OutOfSync");
              assertThat(GatewayHarness.resource(app, "ConfigMap", "tuning").getString("message"))
                  .contains("/data/size")
                  .doesNotContain("/data/color");
            });
  }

  @Test
  void aBadEntryIsRefusedNamingIt() throws Exception {
    var badPointer =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/ign/apps/bad",
            token,
            spec(
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("kind", "ConfigMap")
                            .put("jsonPointers", new JsonArray().add("data/color")))));
    assertThat(badPointer.statusCode()).isEqualTo(400);
    assertThat(badPointer.bodyAsJsonObject().getString("field")).isEqualTo("ignoreDifferences[0]");
    assertThat(badPointer.bodyAsJsonObject().getString("detail")).contains("data/color");

    var noKind =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/ign/apps/bad",
            token,
            spec(
                new JsonArray()
                    .add(new JsonObject().put("jsonPointers", new JsonArray().add("/data")))));
    assertThat(noKind.bodyAsJsonObject().getString("field")).isEqualTo("ignoreDifferences[0].kind");

    var unknown =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/ign/apps/bad",
            token,
            spec(
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("kind", "ConfigMap")
                            .put("pointers", new JsonArray().add("/data")))));
    assertThat(unknown.bodyAsJsonObject().getString("field"))
        .isEqualTo("ignoreDifferences[0].pointers");
  }
}
