package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
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
 * Argo CD's sync options by their names, on the simulator: a misspelt option is a 400 naming it, an
 * unknown option in an object's annotation is a ComparisonError, CreateNamespace creates the
 * destination only for a tenant that may hold it, Replace writes with PUT, a pruned Deployment's
 * ReplicaSets stay with PrunePropagationPolicy=orphan, and per-object Prune=false and
 * RespectIgnoreDifferences keep what they promise.
 */
class ArgoSyncOptionsTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** "shop" may create its own namespaces; "plain" has no Namespace kind allowed. */
  static final String SHOP =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "shop-*"}]
      kinds: {allow: [Namespace]}
      """;

  static final String PLAIN =
      """
      name: plain
      roles: {plain-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "plain-*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String shop;
  static String plain;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP, "plain", PLAIN), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    shop = gw.token("ann", "shop-admins");
    plain = gw.token("pia", "plain-admins");
    kube = gw.clusters.get("dev").client();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static JsonObject spec(String path, String namespace, String... options) {
    JsonObject spec = SyncFixtures.spec(repo.url(), path, namespace, null);
    spec.put("syncPolicy", new JsonObject().put("syncOptions", new JsonArray(List.of(options))));
    return spec;
  }

  static int put(String tenant, String token, String app, JsonObject spec) throws Exception {
    return gw.call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/apps/" + app, token, spec)
        .statusCode();
  }

  static JsonObject sync(String tenant, String token, String app) throws Exception {
    var r =
        gw.call(
            HttpMethod.POST,
            "/api/v1/tenants/" + tenant + "/apps/" + app + "/operations",
            token,
            new JsonObject());
    return r.bodyAsJsonObject();
  }

  @Test
  void aMisspeltOrBadlyValuedOptionIsRefusedNamingItAndNothingIsStored() throws Exception {
    for (String bad :
        List.of("CreateNamespce=true", "PrunePropagationPolicy=sideways", "Replace=yes")) {
      var r =
          gw.call(
              HttpMethod.PUT,
              "/api/v1/tenants/shop/apps/typo",
              shop,
              spec("apps/typo", "shop-typo", bad));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.bodyAsString()).as(bad).contains(bad).contains("syncPolicy.syncOptions");
    }
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps/typo", shop, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void everyArgoOptionAndTheGatewaysOwnNamesAreAccepted() throws Exception {
    assertThat(
            put(
                "shop",
                shop,
                "all-options",
                spec(
                    "apps/all",
                    "shop-all",
                    "CreateNamespace=true",
                    "Replace=false",
                    "Validate=false",
                    "PruneLast=true",
                    "PrunePropagationPolicy=background",
                    "ApplyOutOfSyncOnly=true",
                    "RespectIgnoreDifferences=true",
                    "ServerSideApply=true",
                    "FailOnSharedResource=true",
                    "SkipDryRunOnMissingResource=true",
                    "FieldConflicts=Override",
                    "AllowEmpty=true",
                    "WaveTimeout=60s",
                    "AdoptUnlabelled=false")))
        .isEqualTo(201);
  }

  @Test
  void anUnknownOptionInAnObjectsAnnotationIsAComparisonErrorNamingIt() throws Exception {
    repo.commit(
        "annotated",
        Map.of(
            "apps/annotated/settings.yaml",
            configMap(
                "settings",
                "blue",
                "argocd.argoproj.io/sync-options: \"Prune=false,Frobnicate=true\"")));
    assertThat(put("shop", shop, "annotated", spec("apps/annotated", "shop-annotated")))
        .isEqualTo(201);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(gw.app("shop", "annotated", shop).encode())
                    .contains("ComparisonError")
                    .contains("Frobnicate=true"));
    assertThat(kube.configMaps().inNamespace("shop-annotated").withName("settings").get())
        .as("nothing applied")
        .isNull();
  }

  @Test
  void createNamespaceCreatesTheDestinationForATenantThatMayHoldIt() throws Exception {
    repo.commit(
        "create-ns", Map.of("apps/create-ns/settings.yaml", configMap("settings", "blue", "")));
    assertThat(
            put(
                "shop",
                shop,
                "create-ns",
                spec("apps/create-ns", "shop-created", "CreateNamespace=true")))
        .isEqualTo(201);
    assertThat(sync("shop", shop, "create-ns").encode()).contains("\"Synced\"");
    assertThat(kube.namespaces().withName("shop-created").get()).isNotNull();
    assertThat(kube.namespaces().withName("shop-created").get().getMetadata().getLabels())
        .as("untracked, as Argo CD: never pruned with the app's objects")
        .doesNotContainKey("gitops.io/app");
    assertThat(kube.configMaps().inNamespace("shop-created").withName("settings").get())
        .isNotNull();
  }

  @Test
  void createNamespaceIsRefusedForATenantThatMayNotCreateNamespacesAndNothingIsCreated()
      throws Exception {
    repo.commit(
        "plain-ns", Map.of("apps/plain-ns/settings.yaml", configMap("settings", "blue", "")));
    assertThat(
            put(
                "plain",
                plain,
                "plain-ns",
                spec("apps/plain-ns", "plain-created", "CreateNamespace=true")))
        .isEqualTo(201);
    String answer = sync("plain", plain, "plain-ns").encode();
    assertThat(answer)
        .contains("CreateNamespace=true")
        .contains("kind Namespace is denied for tenant plain");
    assertThat(kube.namespaces().withName("plain-created").get()).isNull();
    assertThat(kube.configMaps().inNamespace("plain-created").withName("settings").get())
        .as("nothing applied")
        .isNull();
  }

  @Test
  void replaceWritesTheWholeObjectWithAnUpdateInsteadOfAnApply() throws Exception {
    repo.commit("replace", Map.of("apps/replace/settings.yaml", configMap("settings", "blue", "")));
    assertThat(put("shop", shop, "replace", spec("apps/replace", "shop-replace", "Replace=true")))
        .isEqualTo(201);
    assertThat(sync("shop", shop, "replace").encode()).contains("\"Synced\"");
    repo.commit(
        "replace green", Map.of("apps/replace/settings.yaml", configMap("settings", "green", "")));
    gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/replace/refresh", shop, new JsonObject());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              sync("shop", shop, "replace");
              assertThat(
                      kube.configMaps()
                          .inNamespace("shop-replace")
                          .withName("settings")
                          .get()
                          .getData())
                  .containsEntry("color", "green");
            });
    var live = kube.configMaps().inNamespace("shop-replace").withName("settings").get();
    assertThat(live.getMetadata().getManagedFields())
        .as("written by PUT/POST, not by server-side apply")
        .noneMatch(f -> "Apply".equals(f.getOperation()));
  }

  @Test
  void aPrunedDeploymentsReplicaSetsStayWithOrphanAndGoWithTheDefaultCascade() throws Exception {
    for (String policy : List.of("orphan", "default")) {
      String app = "prune-" + policy;
      String ns = "shop-" + app;
      repo.commit(
          app,
          Map.of(
              "apps/" + app + "/web.yaml", SyncFixtures.deployment("web", "nginx:1.27", 0),
              "apps/" + app + "/keep.yaml", configMap("keep", "blue", "")));
      JsonObject spec =
          policy.equals("orphan")
              ? spec("apps/" + app, ns, "PrunePropagationPolicy=orphan")
              : spec("apps/" + app, ns);
      spec.getJsonObject("syncPolicy").put("automated", new JsonObject().put("prune", true));
      assertThat(put("shop", shop, app, spec)).isEqualTo(201);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                // fetches the new commit if the app's first look came before the mirror had it
                gw.call(
                    HttpMethod.POST, "/api/v1/tenants/shop/apps/" + app + "/refresh", shop, null);
                assertThat(kube.apps().replicaSets().inNamespace(ns).list().getItems())
                    .as(gw.app("shop", app, shop).encode())
                    .isNotEmpty();
              });
      Map<String, String> drop = new java.util.HashMap<>();
      drop.put("apps/" + app + "/web.yaml", null);
      repo.commit("drop web " + policy, drop);
      gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/" + app + "/refresh", shop, null);
      await()
          .atMost(WAIT)
          .until(() -> kube.apps().deployments().inNamespace(ns).withName("web").get() == null);
      if (policy.equals("orphan")) {
        assertThat(kube.apps().replicaSets().inNamespace(ns).list().getItems())
            .as("orphaned, not deleted")
            .isNotEmpty();
      } else {
        await()
            .atMost(WAIT)
            .until(() -> kube.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());
      }
    }
  }
}
