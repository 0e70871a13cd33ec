package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.health;
import static io.gitops.gateway.support.GatewayHarness.resource;
import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that ships a CRD and a custom resource of it: the CRD is applied first, the new kind is
 * found through discovery and watched, and the resource's Ready condition decides its health — a
 * status-only change that moves health is seen without any spec change.
 */
class CustomResourceTest {
  static final String TENANT =
      """
      name: lab
      roles: {lab-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: lab}]
      kinds: {allow: [apiextensions.k8s.io/CustomResourceDefinition, example.com/Gadget]}
      """;
  static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.com}
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget}
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;
  static final String WIDGET =
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata: {name: gear}
      spec: {teeth: 12}
      """;

  /** A cluster-scoped custom kind, like cert-manager's ClusterIssuer. */
  static final String CLUSTER_CRD =
      CRD.replace("widgets.example.com", "gadgets.example.com")
          .replace("Namespaced", "Cluster")
          .replace(
              "{plural: widgets, singular: widget, kind: Widget}",
              "{plural: gadgets, singular: gadget, kind: Gadget}");

  static final String GADGET =
      """
      apiVersion: example.com/v1
      kind: Gadget
      metadata: {name: hub}
      spec: {ports: 4}
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("lab", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "widgets",
        Map.of(
            "w/crd.yaml",
            CRD,
            "w/gear.yaml",
            WIDGET,
            "g/crd.yaml",
            CLUSTER_CRD,
            "g/hub.yaml",
            GADGET));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  @Test
  void crdFirstThenItsResourceWatchedAndJudgedByItsReadyCondition() throws Exception {
    String token = gw.token("lia", "lab-admins");
    JsonObject spec =
        AppSpecs.of(repo.url(), "w", "dev", "lab")
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    assertThat(
            gw.call(HttpMethod.PUT, "/api/v1/tenants/lab/apps/widgets", token, spec).statusCode())
        .isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(widgets().withName("gear").get())
                  .as(gw.app("lab", "widgets", token).encode())
                  .isNotNull();
              JsonObject app = gw.app("lab", "widgets", token);
              assertThat(syncStatus(app)).isEqualTo("Synced");
              assertThat(resource(app, "Widget", "gear").getString("status")).isEqualTo("Synced");
            });

    widgets().withName("gear").edit(w -> withReady(w, "False", "out of cogs"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject app = gw.app("lab", "widgets", token);
              assertThat(health(app)).isEqualTo("Degraded");
              assertThat(resource(app, "Widget", "gear").getString("health")).isEqualTo("Degraded");
              assertThat(syncStatus(app)).as("status is not drift").isEqualTo("Synced");
            });

    widgets().withName("gear").edit(w -> withReady(w, "True", "all good"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> health(gw.app("lab", "widgets", token)).equals("Healthy"));
  }

  @Test
  void aClusterScopedCustomResourceGetsNoNamespaceAndIsSynced() throws Exception {
    String token = gw.token("lia", "lab-admins");
    JsonObject spec =
        AppSpecs.of(repo.url(), "g", "dev", "lab")
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    assertThat(
            gw.call(HttpMethod.PUT, "/api/v1/tenants/lab/apps/gadgets", token, spec).statusCode())
        .isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              GenericKubernetesResource hub =
                  gw.clusters
                      .get("dev")
                      .client()
                      .genericKubernetesResources("example.com/v1", "Gadget")
                      .withName("hub")
                      .get();
              assertThat(hub).as(gw.app("lab", "gadgets", token).encode()).isNotNull();
              assertThat(hub.getMetadata().getNamespace()).isNull();
              JsonObject app = gw.app("lab", "gadgets", token);
              assertThat(syncStatus(app)).as(app.encode()).isEqualTo("Synced");
              assertThat(resource(app, "Gadget", "hub").getString("status")).isEqualTo("Synced");
            });
  }

  /** Resolved by discovery, so only once the CRD exists. */
  static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      widgets() {
    return gw.clusters
        .get("dev")
        .client()
        .genericKubernetesResources("example.com/v1", "Widget")
        .inNamespace("lab");
  }

  static GenericKubernetesResource withReady(
      GenericKubernetesResource w, String status, String message) {
    w.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of("type", "Ready", "status", status, "reason", "Test", "message", message))));
    return w;
  }
}
