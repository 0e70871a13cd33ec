package io.gitops.gateway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant-isolation attacks whose outcome depends on the API server (adoption, namespaces,
 * deletes), with the whole gateway against a real kube-apiserver: what {@code
 * SyncTimeTenantRulesTest} and {@code SharedResourceTest} show on the simulator. Each refusal names
 * the object, and the cluster is left as it was: same resourceVersion, same labels, object still
 * there; only {@code AdoptUnlabelled=true} takes over an unlabelled object, in the app's own
 * namespace.
 */
@Tag("apiserver")
class TenantIsolationOnRealServerTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TEAM_A =
      """
      name: team-a
      roles: {team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: kube, namespace: "team-a-*"}]
      kinds: {allow: [Namespace]}
      """;
  static final String TEAM_B =
      """
      name: team-b
      roles: {team-b-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: kube, namespace: "team-b-*"}]
      """;
  static final String OWN_NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: team-a-ns}
      """;
  static final String FOREIGN_NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: team-b-api, labels: {owner: team-a}}
      """;

  @TempDir static Path work;
  static RealApiServer server;
  static GatewayHarness gw;
  static TestRepo repo;
  static KubernetesClient kube;
  static String alice;

  @BeforeAll
  static void start() throws Exception {
    server = RealApiServer.startOrSkip();
    kube = server.client();
    gw =
        GatewayHarness.start(
            work,
            Map.of("team-a", TEAM_A, "team-b", TEAM_B),
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
    alice = gw.token("alice", "team-a-admins");
    // A real server has no namespace until someone creates it (the simulator has them all).
    for (String ns : List.of("team-a-app", "team-a-adopt", "team-a-other", "team-a-prune")) {
      kube.namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    // team-b's namespace, as team-b's own app made it.
    kube.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("team-b-api")
                .addToLabels(Map.of("gitops.io/tenant", "team-b", "gitops.io/app", "api"))
                .addToAnnotations("team-b/owner", "bob")
                .endMetadata()
                .build())
        .create();
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

  static String configMap(String name, String namespace) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {color: green}
        """
        .formatted(name, namespace);
  }

  /** An object someone else made, with {@code labels} (another app's tracking labels) or none. */
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
    JsonObject spec = AppSpecs.onMain(repo.url(), app, "kube", namespace);
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

  static JsonObject post(String app, String what, JsonObject body) throws Exception {
    var response =
        gw.call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/" + app + what, alice, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static JsonObject sync(String app) throws Exception {
    return post(app, "/sync", null);
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
    assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(now.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
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
    JsonObject dry = post(app, "/operations", new JsonObject().put("dryRun", true));
    assertThat(dry.getString("refusal")).contains("SharedResourceWarning: " + object);
  }

  static void assertTeamBNamespaceUntouched(Namespace before) {
    Namespace now = kube.namespaces().withName("team-b-api").get();
    assertThat(now).as("team-b's namespace still there").isNotNull();
    assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(now.getMetadata().getDeletionTimestamp()).as("not being deleted").isNull();
    assertThat(now.getMetadata().getLabels())
        .containsEntry("gitops.io/tenant", "team-b")
        .containsEntry("gitops.io/app", "api")
        .doesNotContainKey("owner");
    assertThat(now.getMetadata().getAnnotations()).containsEntry("team-b/owner", "bob");
  }

  @Test
  void anotherTenantsNamespaceIsRefusedEvenWithNamespacesAllowedAndNeverPruned() throws Exception {
    Namespace before = kube.namespaces().withName("team-b-api").get();
    repo.commit(
        "namespaces",
        Map.of(
            "ns/own.yaml",
            OWN_NAMESPACE,
            "ns/foreign.yaml",
            FOREIGN_NAMESPACE,
            "ns/settings.yaml",
            configMap("settings", "team-a-ns")));
    put("ns", "team-a-ns", List.of());
    String message = sync("ns").getJsonObject("status").getString("message");
    assertThat(message)
        .contains("sync refused by tenant policy")
        .contains(
            "Namespace/team-b-api: Namespace team-b-api on cluster kube is outside tenant "
                + "team-a's destinations");
    JsonObject op = lastOperation("ns");
    assertThat(op.getString("phase")).isEqualTo("Failed");
    assertThat(op.getString("message")).contains("Namespace/team-b-api");
    assertThat(kube.namespaces().withName("team-a-ns").get())
        .as("nothing of the refused sync applied")
        .isNull();
    assertTeamBNamespaceUntouched(before);
    JsonObject dry = post("ns", "/operations", new JsonObject().put("dryRun", true));
    assertThat(dry.getString("refusal")).contains("Namespace/team-b-api");

    // Git drops it again: the sync goes ahead (the new Namespace first, then what goes in it, as a
    // real server needs), and its prune never reaches team-b's namespace.
    repo.commit(
        "drop the foreign namespace", Map.of("ns/foreign.yaml", configMap("other", "team-a-ns")));
    sync("ns");
    await().atMost(WAIT).until(() -> "Succeeded".equals(lastOperation("ns").getString("phase")));
    assertThat(kube.namespaces().withName("team-a-ns").get().getMetadata().getLabels())
        .containsEntry("gitops.io/tenant", "team-a")
        .containsEntry("gitops.io/app", "ns");
    assertThat(kube.configMaps().inNamespace("team-a-ns").withName("settings").get()).isNotNull();
    assertTeamBNamespaceUntouched(before);
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

    // With the option: adopted in the app's own namespace, labels added by the real server's
    // server-side apply (Git's values win over the other manager's only with
    // FieldConflicts=Override).
    put("adopt", "team-a-adopt", List.of("AdoptUnlabelled=true", "FieldConflicts=Override"));
    sync("adopt");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ConfigMap db = kube.configMaps().inNamespace("team-a-adopt").withName("db").get();
              assertThat(db.getData()).containsEntry("color", "green");
              assertThat(db.getMetadata().getLabels())
                  .containsEntry("gitops.io/tenant", "team-a")
                  .containsEntry("gitops.io/app", "adopt");
              assertThat(db.getMetadata().getUid())
                  .as("adopted, not recreated")
                  .isEqualTo(unlabelled.getMetadata().getUid());
            });
    assertThat(kube.configMaps().inNamespace("team-a-adopt").withName("mine").get()).isNotNull();

    // ... never in another namespace of the tenant.
    repo.commit("elsewhere", Map.of("adopt/other.yaml", configMap("db", "team-a-other")));
    JsonObject status = sync("adopt").getJsonObject("status");
    assertThat(status.getString("message"))
        .contains("SharedResourceWarning: ConfigMap/team-a-other/db");
    assertUntouched(elsewhere);
  }

  @Test
  void anotherAppsObjectIsRefusedAndLeftAlone() throws Exception {
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

    Map<String, String> dropGone = new HashMap<>();
    dropGone.put("prune/gone.yaml", null);
    repo.commit("drop gone", dropGone);
    sync("prune");
    // Pruned with foreground propagation (Argo CD's default): this server runs no garbage
    // collector, so the object stays, marked for deletion, with the foregroundDeletion finalizer.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              ConfigMap gone = kube.configMaps().inNamespace("team-a-prune").withName("gone").get();
              return gone == null || gone.getMetadata().getDeletionTimestamp() != null;
            });
    await().atMost(WAIT).until(() -> "Succeeded".equals(lastOperation("prune").getString("phase")));
    assertUntouched(sibling);
    assertUntouched(foreign);
    assertThat(kube.configMaps().inNamespace("team-a-prune").withName("mine").get()).isNotNull();
  }
}
