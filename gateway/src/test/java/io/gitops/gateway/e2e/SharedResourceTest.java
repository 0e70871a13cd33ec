package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.hookJob;
import static io.gitops.gateway.support.SyncFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ownership at sync time: an object that exists and carries another app's or tenant's tracking
 * labels, or none, is a shared resource (SharedResourceWarning): the sync is refused before
 * anything is applied and the object is left exactly as it was; hooks never delete it, prune never
 * reaches it; only AdoptUnlabelled=true takes over an unlabelled object, and only in the app's own
 * namespace.
 */
class SharedResourceTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TEAM_A =
      """
      name: team-a
      roles: {team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-a-*"}, {cluster: dev, namespace: "shared"}]
      """;
  static final String TEAM_B =
      """
      name: team-b
      roles: {team-b-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-b-*"}, {cluster: dev, namespace: "shared"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static KubernetesClient kube;
  static String alice;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("team-a", TEAM_A, "team-b", TEAM_B), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    kube = gw.clusters.get("dev").client();
    alice = gw.token("alice", "team-a-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static String configMap(String name, String namespace) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {color: green}
        """
        .formatted(name, namespace);
  }

  /**
   * An object someone else made: with {@code labels} (another app's or tenant's tracking labels) or
   * none.
   */
  static ConfigMap planted(String namespace, String name, Map<String, String> labels) {
    return kube.configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(labels)
                .addToAnnotations("owner", "not-team-a")
                .endMetadata()
                .addToData("color", "red")
                .build())
        .create();
  }

  static void put(String app, String namespace, List<String> syncOptions) throws Exception {
    JsonObject spec = AppSpecs.onMain(repo.url(), app, "dev", namespace);
    JsonObject policy = new JsonObject().put("automated", new JsonObject().put("prune", true));
    if (!syncOptions.isEmpty()) {
      policy.put("syncOptions", new JsonArray(syncOptions));
    }
    var response =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/team-a/apps/" + app,
            alice,
            spec.put("syncPolicy", policy));
    assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 201);
  }

  static JsonObject sync(String app) throws Exception {
    var response =
        gw.call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/" + app + "/sync", alice, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static JsonObject lastOperation(String app) throws Exception {
    JsonObject page =
        gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/" + app + "/operations", alice, null)
            .bodyAsJsonObject();
    String id = page.getJsonArray("items").getJsonObject(0).getString("id");
    return gw.call(
            HttpMethod.GET, "/api/v1/tenants/team-a/apps/" + app + "/operations/" + id, alice, null)
        .bodyAsJsonObject();
  }

  static void assertUntouched(ConfigMap before) {
    ConfigMap now =
        kube.configMaps()
            .inNamespace(before.getMetadata().getNamespace())
            .withName(before.getMetadata().getName())
            .get();
    assertThat(now).as(before.getMetadata().getName() + " still there").isNotNull();
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(now.getData()).containsEntry("color", "red");
  }

  /** The refusal a sync and a dry run give, naming the object; nothing of the sync applied. */
  static void assertRefused(String app, String namespace, String object, String why)
      throws Exception {
    JsonObject status = sync(app).getJsonObject("status");
    assertThat(status.getString("message"))
        .contains("sync refused")
        .contains("SharedResourceWarning: " + object)
        .contains(why);
    assertThat(
            GatewayHarness.resource(
                    new JsonObject().put("status", status),
                    "ConfigMap",
                    object.substring(object.lastIndexOf('/') + 1))
                .getString("message"))
        .startsWith("SharedResourceWarning");
    JsonObject op = lastOperation(app);
    assertThat(op.getString("phase")).isEqualTo("Failed");
    assertThat(op.encode()).contains("SharedResourceWarning: " + object);
    assertThat(kube.configMaps().inNamespace(namespace).withName("mine").get())
        .as("nothing else applied")
        .isNull();
    JsonObject dry =
        gw.call(
                HttpMethod.POST,
                "/api/v1/tenants/team-a/apps/" + app + "/operations",
                alice,
                new JsonObject().put("dryRun", true))
            .bodyAsJsonObject();
    assertThat(dry.getString("refusal")).contains("SharedResourceWarning: " + object);
  }

  @Test
  void anotherTenantsObjectInASharedNamespaceIsRefusedAndLeftAlone() throws Exception {
    ConfigMap theirs =
        planted("shared", "db", Map.of("gitops.io/tenant", "team-b", "gitops.io/app", "api"));
    repo.commit(
        "theirs",
        Map.of(
            "tenant/db.yaml",
            configMap("db", "shared"),
            "tenant/mine.yaml",
            configMap("mine", "shared")));
    put("tenant", "shared", List.of("AdoptUnlabelled=true"));
    assertRefused("tenant", "shared", "ConfigMap/shared/db", "belongs to another tenant");
    assertUntouched(theirs);
  }

  @Test
  void anotherAppsObjectOfTheSameTenantIsRefusedAndLeftAlone() throws Exception {
    ConfigMap theirs =
        planted("team-a-app", "db", Map.of("gitops.io/tenant", "team-a", "gitops.io/app", "other"));
    repo.commit(
        "sibling",
        Map.of(
            "app/db.yaml",
            configMap("db", "team-a-app"),
            "app/mine.yaml",
            configMap("mine", "team-a-app")));
    put("app", "team-a-app", List.of());
    assertRefused(
        "app", "team-a-app", "ConfigMap/team-a-app/db", "belongs to app other of this tenant");
    assertUntouched(theirs);
  }

  @Test
  void anUnlabelledObjectIsRefusedWithoutTheOptionAndAdoptedWithItOnlyInTheAppsNamespace()
      throws Exception {
    ConfigMap unlabelled = planted("team-a-adopt", "db", Map.of());
    ConfigMap elsewhere = planted("team-a-other", "db", Map.of());
    repo.commit(
        "unlabelled",
        Map.of(
            "adopt/db.yaml",
            configMap("db", "team-a-adopt"),
            "adopt/mine.yaml",
            configMap("mine", "team-a-adopt")));
    put("adopt", "team-a-adopt", List.of());
    assertRefused("adopt", "team-a-adopt", "ConfigMap/team-a-adopt/db", "AdoptUnlabelled=true");
    assertUntouched(unlabelled);

    // With the option: adopted in the app's own namespace (Git's values win over the fields the
    // other
    // manager set only with FieldConflicts=Override: adoption does not change how conflicts are
    // treated) ...
    put("adopt", "team-a-adopt", List.of("AdoptUnlabelled=true", "FieldConflicts=Override"));
    sync("adopt");
    await()
        .atMost(WAIT)
        .until(
            () ->
                "green"
                    .equals(
                        kube.configMaps()
                            .inNamespace("team-a-adopt")
                            .withName("db")
                            .get()
                            .getData()
                            .get("color")));
    assertThat(
            kube.configMaps()
                .inNamespace("team-a-adopt")
                .withName("db")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("gitops.io/tenant", "team-a")
        .containsEntry("gitops.io/app", "adopt");

    // ... never in another namespace of the tenant.
    repo.commit("elsewhere", Map.of("adopt/other.yaml", configMap("db", "team-a-other")));
    JsonObject status = sync("adopt").getJsonObject("status");
    assertThat(status.getString("message"))
        .contains("SharedResourceWarning: ConfigMap/team-a-other/db");
    assertUntouched(elsewhere);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PreSync", "Sync"})
  void aHookNamedLikeAnotherAppsObjectNeverDeletesIt(String phase) throws Exception {
    String app = phase.equals("Sync") ? "hook-sync" : "hook";
    String ns = "team-a-" + app;
    var theirs =
        kube.batch()
            .v1()
            .jobs()
            .inNamespace(ns)
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("migrate")
                    .withNamespace(ns)
                    .addToLabels(Map.of("gitops.io/tenant", "team-b", "gitops.io/app", "api"))
                    .endMetadata()
                    .withNewSpec()
                    .withNewTemplate()
                    .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer()
                    .withName("main")
                    .withImage("busybox:1")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    repo.commit(
        app,
        Map.of(
            app + "/migrate.yaml",
            hookJob("migrate", phase, "HookSucceeded"),
            app + "/mine.yaml",
            configMap("mine", ns)));
    put(app, ns, List.of());
    JsonObject status = sync(app).getJsonObject("status");
    assertThat(status.getString("message"))
        .contains("SharedResourceWarning: Job.batch/" + ns + "/migrate");
    var now = job(kube, ns, "migrate");
    assertThat(now).as("not deleted by BeforeHookCreation").isNotNull();
    assertThat(now.getMetadata().getUid()).isEqualTo(theirs.getMetadata().getUid());
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(kube.configMaps().inNamespace(ns).withName("mine").get()).isNull();
  }

  @Test
  void pruneNeverDeletesAnotherAppsObject() throws Exception {
    repo.commit(
        "prune",
        Map.of(
            "prune/mine.yaml",
            configMap("mine", "team-a-prune"),
            "prune/gone.yaml",
            configMap("gone", "team-a-prune")));
    put("prune", "team-a-prune", List.of());
    sync("prune");
    await()
        .atMost(WAIT)
        .until(() -> kube.configMaps().inNamespace("team-a-prune").withName("gone").get() != null);
    ConfigMap sibling =
        planted(
            "team-a-prune",
            "sibling",
            Map.of("gitops.io/tenant", "team-a", "gitops.io/app", "other"));
    ConfigMap foreign =
        planted(
            "team-a-prune",
            "foreign",
            Map.of("gitops.io/tenant", "team-b", "gitops.io/app", "prune"));

    Map<String, String> dropGone = new java.util.HashMap<>();
    dropGone.put("prune/gone.yaml", null);
    repo.commit("drop gone", dropGone);
    sync("prune");
    await()
        .atMost(WAIT)
        .until(() -> kube.configMaps().inNamespace("team-a-prune").withName("gone").get() == null);
    assertUntouched(sibling);
    assertUntouched(foreign);
  }
}
