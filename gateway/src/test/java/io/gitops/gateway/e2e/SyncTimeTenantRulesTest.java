package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tenant's rules at sync time, for every object a sync would write: a Namespace named like
 * another tenant's (even with kinds.allow: [Namespace]), a source the tenant file no longer allows,
 * names that are not Kubernetes names. Each is refused with the reason, by a sync and by a dry run,
 * and the cluster is left as it was.
 */
class SyncTimeTenantRulesTest {
  static final String TEAM_A =
      """
      name: team-a
      roles: {team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-a-*"}]
      kinds: {allow: [Namespace]}
      """;
  static final String TEAM_B =
      """
      name: team-b
      roles: {team-b-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-b-*"}]
      """;
  static final String SETTINGS =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {color: blue}
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
    gw.close();
    repo.close();
  }

  static JsonObject put(String app, String path) throws Exception {
    JsonObject spec =
        AppSpecs.onMain(repo.url(), path, "dev", "team-a-" + app)
            .put(
                "syncPolicy",
                new JsonObject().put("automated", new JsonObject().put("prune", true)));
    var response = gw.call(HttpMethod.PUT, "/api/v1/tenants/team-a/apps/" + app, alice, spec);
    assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 201);
    // The gateway polls Git hourly here: fetch the commit just made.
    gw.call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/" + app + "/refresh", alice, null);
    return response.bodyAsJsonObject();
  }

  static JsonObject post(String app, String what, JsonObject body) throws Exception {
    var response =
        gw.call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/" + app + what, alice, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static JsonObject lastOperation(String app) throws Exception {
    return gw.call(
            HttpMethod.GET, "/api/v1/tenants/team-a/apps/" + app + "/operations", alice, null)
        .bodyAsJsonObject()
        .getJsonArray("items")
        .getJsonObject(0);
  }

  /** What a user who asks for a sync is told (the answer's body, whatever its status code). */
  static String syncMessage(String app) throws Exception {
    return gw.call(HttpMethod.POST, "/api/v1/tenants/team-a/apps/" + app + "/sync", alice, null)
        .bodyAsString();
  }

  static void assertTeamBNamespaceUntouched(Namespace before) {
    Namespace now = kube.namespaces().withName("team-b-api").get();
    assertThat(now).as("team-b's namespace still there").isNotNull();
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
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
            SETTINGS));
    put("ns", "ns");
    String message = post("ns", "/sync", null).getJsonObject("status").getString("message");
    assertThat(message)
        .contains("sync refused by tenant policy")
        .contains(
            "Namespace/team-b-api: Namespace team-b-api on cluster dev is outside tenant "
                + "team-a's destinations");
    JsonObject op = lastOperation("ns");
    assertThat(op.getString("phase")).isEqualTo("Failed");
    assertThat(op.getString("message")).contains("Namespace/team-b-api");
    assertThat(kube.namespaces().withName("team-a-ns").get())
        .as("nothing of the refused sync applied")
        .isNull();
    assertThat(kube.configMaps().inNamespace("team-a-ns").withName("settings").get()).isNull();
    assertTeamBNamespaceUntouched(before);

    JsonObject dry = post("ns", "/operations", new JsonObject().put("dryRun", true));
    assertThat(dry.getString("refusal")).contains("Namespace/team-b-api");
    assertThat(dry.getJsonObject("server").getJsonArray("objects")).isEmpty();

    // Git drops it again: the sync goes ahead, and its prune never reaches team-b's namespace.
    repo.commit(
        "drop the foreign namespace",
        Map.of("ns/foreign.yaml", SETTINGS.replace("settings", "other")));
    post("ns", "/sync", null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kube.namespaces().withName("team-a-ns").get() != null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "Succeeded".equals(lastOperation("ns").getString("phase")));
    assertTeamBNamespaceUntouched(before);
  }

  @Test
  void aSourceTheTenantFileNoLongerAllowsStopsSyncingWithTheReason() throws Exception {
    repo.commit("narrowed", Map.of("narrow/settings.yaml", SETTINGS));
    put("narrow", "narrow");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kube.configMaps().inNamespace("team-a-narrow").withName("settings").get() != null);
    String version =
        kube.configMaps()
            .inNamespace("team-a-narrow")
            .withName("settings")
            .get()
            .getMetadata()
            .getResourceVersion();

    Path file = work.resolve("tenants/team-a.yaml");
    Files.writeString(
        file,
        TEAM_A.replace(
            "sourceRepos: [\"*\"]", "sourceRepos: [\"https://git.example.com/team-a/*\"]"));
    try {
      gw.gateway.tenants().reload().await(10, TimeUnit.SECONDS);
      repo.commit(
          "after narrowing", Map.of("narrow/settings.yaml", SETTINGS.replace("blue", "green")));
      JsonObject app = post("narrow", "/sync", null);
      assertThat(app.getJsonObject("status").getString("message"))
          .contains(
              "sync refused by tenant policy: source "
                  + repo.url()
                  + " is not allowed by tenant team-a's sourceRepos");
      JsonObject op = lastOperation("narrow");
      assertThat(op.getString("phase")).isEqualTo("Failed");
      assertThat(op.getString("message")).contains("sourceRepos");
      assertThat(
              kube.configMaps()
                  .inNamespace("team-a-narrow")
                  .withName("settings")
                  .get()
                  .getMetadata()
                  .getResourceVersion())
          .as("nothing applied")
          .isEqualTo(version);
      JsonObject dry = post("narrow", "/operations", new JsonObject().put("dryRun", true));
      assertThat(dry.getString("refusal")).contains("sourceRepos");
    } finally {
      Files.writeString(file, TEAM_A);
      gw.gateway.tenants().reload().await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "A_B", "x%2f..", "a/b", "tab\\there"})
  void namesThatAreNotKubernetesNamesAreRefusedBeforeAnyRequest(String name) throws Exception {
    String app = "bad" + Integer.toHexString(name.hashCode() & 0xffff);
    repo.commit(
        "bad name " + name,
        Map.of(
            app + "/settings.yaml",
            SETTINGS,
            app + "/bad.yaml",
            SETTINGS.replace("name: settings", "name: \"" + name + "\"")));
    put(app, app);
    String message = syncMessage(app);
    assertThat(message)
        .contains("is not a DNS-1123 subdomain")
        .contains(app + "/bad.yaml")
        .contains("metadata.name");
    assertThat(kube.configMaps().inNamespace("team-a-" + app).list().getItems())
        .as("nothing applied")
        .isEmpty();
    var dry =
        gw.call(
            HttpMethod.POST,
            "/api/v1/tenants/team-a/apps/" + app + "/operations",
            alice,
            new JsonObject().put("dryRun", true));
    assertThat(dry.bodyAsString()).contains("is not a DNS-1123 subdomain");
  }

  @Test
  void aNamespaceThatIsNotALabelIsRefused() throws Exception {
    repo.commit(
        "bad namespace",
        Map.of(
            "badns/settings.yaml",
            SETTINGS.replace(
                "{name: settings}", "{name: settings, namespace: \"team-a-x/../../team-b-api\"}")));
    put("badns", "badns");
    assertThat(syncMessage("badns"))
        .contains("namespace 'team-a-x/../../team-b-api' is not a DNS-1123 label");
  }
}
