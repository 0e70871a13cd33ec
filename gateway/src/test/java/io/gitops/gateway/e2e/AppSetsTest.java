package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * App sets against simulated clusters with the tenant's rules in force: each generator (list,
 * clusters by label, Git directories, matrix), a cluster relabelled adding and removing generated
 * apps, refusals reported and never created, deletion with and without keeping the apps, and a
 * progressive rollout that stops when a step turns Degraded.
 */
class AppSetsTest {
  static final String TENANT =
      """
      name: fleet
      roles: {fleet-admins: admin, fleet-viewers: viewer}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: "fleet-*"}]
      """;
  static final String SETS = "/api/v1/tenants/fleet/appsets/";
  static final String APPS = "/api/v1/tenants/fleet/apps/";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String admin;
  static String operator;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("fleet", TENANT), List.of("dev", "staging", "prod"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "apps",
        Map.of(
            "apps/web/cm.yaml", configMap("web"),
            "apps/api/cm.yaml", configMap("api"),
            "apps/internal/cm.yaml", configMap("internal"),
            "deploy/dev/deployment.yaml", deployment("ghcr.io/example/web:1.1"),
            "deploy/staging/deployment.yaml", deployment("ghcr.io/example/web:bad-1.1"),
            "deploy/prod/deployment.yaml", deployment("ghcr.io/example/web:1.0")));
    admin = gw.token("fay", "fleet-admins");
    operator = gw.token("olga", "gitops-operators");
    label("dev", Map.of("env", "dev", "region", "eu"));
    label("staging", Map.of("env", "staging", "region", "us"));
    label("prod", Map.of("env", "prod", "region", "eu"));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\ndata: {k: v}\n";
  }

  static String deployment(String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "%s"}]
        """
        .formatted(image);
  }

  static void label(String cluster, Map<String, String> labels) throws Exception {
    var r =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/" + cluster + "/labels",
            operator,
            new JsonObject().put("labels", new JsonObject(Map.copyOf(labels))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  static JsonObject template(String name, String path, String cluster, String namespace) {
    return AppSpecs.of(repo.url(), path, cluster, namespace)
        .put("name", name)
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
  }

  static JsonObject gen(String kind, JsonObject body) {
    return new JsonObject().put(kind, body);
  }

  static JsonObject clustersWhere(String key, String value) {
    return gen(
        "clusters",
        new JsonObject()
            .put(
                "selector", new JsonObject().put("matchLabels", new JsonObject().put(key, value))));
  }

  static JsonObject gitDirs(JsonArray directories) {
    return gen(
        "git",
        new JsonObject()
            .put("repoURL", repo.url())
            .put("revision", "main")
            .put("directories", directories));
  }

  static JsonObject putSet(String name, JsonObject body, int status) throws Exception {
    var r = gw.call(HttpMethod.PUT, SETS + name, admin, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  static JsonObject set(String name) throws Exception {
    var r = gw.call(HttpMethod.GET, SETS + name, admin, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** Names of the tenant's apps carrying this set's owner label. */
  static List<String> appsOf(String set) throws Exception {
    var r =
        gw.call(
            HttpMethod.GET,
            "/api/v1/tenants/fleet/apps?label=gitops.io/appset=" + set,
            admin,
            null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(o -> out.add(((JsonObject) o).getString("name")));
    return out;
  }

  static io.fabric8.kubernetes.api.model.ConfigMap webConfigMap(String namespace) {
    return gw.clusters
        .get("dev")
        .client()
        .configMaps()
        .inNamespace(namespace)
        .withName("web")
        .get();
  }

  static int appStatus(String app) throws Exception {
    return gw.call(HttpMethod.GET, APPS + app, admin, null).statusCode();
  }

  @Test
  void listGeneratorCreatesWhatTheTenantMayAndReportsTheRest() throws Exception {
    JsonArray elements =
        new JsonArray()
            .add(new JsonObject().put("cluster", "dev").put("ns", "fleet-list"))
            .add(new JsonObject().put("cluster", "dev").put("ns", "kube-system"))
            .add(new JsonObject().put("cluster", "nowhere").put("ns", "fleet-list"))
            .add(new JsonObject().put("cluster", "Bad_Name").put("ns", "fleet-list"))
            .add(new JsonObject().put("ns", "fleet-list"));
    JsonObject body =
        new JsonObject()
            .put(
                "template",
                template("list-{{cluster}}-{{ns}}", "apps/web", "{{cluster}}", "{{ns}}"))
            .put(
                "generators",
                new JsonArray().add(gen("list", new JsonObject().put("elements", elements))));
    JsonObject created = putSet("listed", body, 201);

    JsonArray refused = created.getJsonObject("status").getJsonArray("refused");
    assertThat(refused).hasSize(4);
    assertThat(refused.encode())
        .contains("is not among the tenant's destinations")
        .contains("cluster 'nowhere' is not registered")
        .contains("template parameter 'cluster' has no value")
        .contains("Bad_Name");
    assertThat(appsOf("listed")).containsExactly("list-dev-fleet-list");
    assertThat(appStatus("list-dev-kube-system")).isEqualTo(404);
    assertThat(appStatus("list-nowhere-fleet-list")).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        gw.clusters
                            .get("dev")
                            .client()
                            .configMaps()
                            .inNamespace("fleet-list")
                            .withName("web")
                            .get())
                    .isNotNull());
    assertThat(
            gw.clusters
                .get("dev")
                .client()
                .configMaps()
                .inNamespace("kube-system")
                .withName("web")
                .get())
        .as("nothing reached a namespace the tenant may not use")
        .isNull();

    // a viewer reads the set but may not write one
    String viewer = gw.token("vic", "fleet-viewers");
    assertThat(gw.call(HttpMethod.GET, SETS + "listed", viewer, null).statusCode()).isEqualTo(200);
    assertThat(gw.call(HttpMethod.PUT, SETS + "listed", viewer, body).statusCode()).isEqualTo(403);
    var list = gw.call(HttpMethod.GET, "/api/v1/tenants/fleet/appsets", viewer, null);
    assertThat(list.bodyAsString()).contains("\"listed\"");
  }

  @Test
  void clusterGeneratorFollowsLabelChangesAddingAndRemovingApps() throws Exception {
    JsonObject body =
        new JsonObject()
            .put(
                "template",
                template("{{cluster}}-regional", "apps/web", "{{cluster}}", "fleet-regional")
                    .put("labels", new JsonObject().put("env", "{{labels.env}}")))
            .put("generators", new JsonArray().add(clustersWhere("region", "eu")));
    putSet("regional", body, 201);
    assertThat(appsOf("regional")).containsExactlyInAnyOrder("dev-regional", "prod-regional");
    var app = gw.call(HttpMethod.GET, APPS + "prod-regional", admin, null).bodyAsJsonObject();
    assertThat(app.getJsonObject("labels").getString("env")).isEqualTo("prod");

    label("staging", Map.of("env", "staging", "region", "eu"));
    label("dev", Map.of("env", "dev", "region", "us"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(appsOf("regional"))
                    .containsExactlyInAnyOrder("staging-regional", "prod-regional"));
    assertThat(appStatus("dev-regional")).isEqualTo(404);
    label("dev", Map.of("env", "dev", "region", "eu"));
    label("staging", Map.of("env", "staging", "region", "us"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(appsOf("regional"))
                    .containsExactlyInAnyOrder("dev-regional", "prod-regional"));
  }

  @Test
  void gitDirectoriesGeneratorAndMatrixOfClustersAndDirectories() throws Exception {
    JsonArray dirs =
        new JsonArray()
            .add(new JsonObject().put("path", "apps/*"))
            .add(new JsonObject().put("path", "apps/internal").put("exclude", true));
    JsonObject body =
        new JsonObject()
            .put("template", template("dir-{{path.basename}}", "{{path}}", "dev", "fleet-dirs"))
            .put("generators", new JsonArray().add(gitDirs(dirs)));
    putSet("dirs", body, 201);
    assertThat(appsOf("dirs")).containsExactlyInAnyOrder("dir-web", "dir-api");
    assertThat(
            gw.call(HttpMethod.GET, APPS + "dir-api", admin, null)
                .bodyAsJsonObject()
                .getJsonObject("spec")
                .getJsonObject("source")
                .getString("path"))
        .isEqualTo("apps/api");

    JsonObject matrix =
        new JsonObject()
            .put(
                "template",
                template(
                    "{{cluster}}-m-{{path.basename}}", "{{path}}", "{{cluster}}", "fleet-matrix"))
            .put(
                "generators",
                new JsonArray()
                    .add(
                        gen(
                            "matrix",
                            new JsonObject()
                                .put(
                                    "generators",
                                    new JsonArray()
                                        .add(clustersWhere("env", "prod"))
                                        .add(gitDirs(dirs))))));
    putSet("matrix", matrix, 201);
    assertThat(appsOf("matrix")).containsExactlyInAnyOrder("prod-m-web", "prod-m-api");

    // a directory added and one removed in Git: once the repository is fetched (here by an app's
    // refresh, as a push webhook would), the sets follow
    Map<String, String> change = new java.util.HashMap<>();
    change.put("apps/shop/cm.yaml", configMap("shop"));
    change.put("apps/api/cm.yaml", null);
    repo.commit("shop in, api out", change);
    assertThat(gw.call(HttpMethod.POST, APPS + "dir-web/refresh", admin, null).statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () -> {
              assertThat(appsOf("dirs")).containsExactlyInAnyOrder("dir-web", "dir-shop");
              assertThat(appsOf("matrix")).containsExactlyInAnyOrder("prod-m-web", "prod-m-shop");
            });
  }

  @Test
  void hostileGlobsAndMalformedSetsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
    for (String glob : List.of("../*", "/etc/*", "apps/../..", "apps/[", "apps\\web", "")) {
      JsonObject body =
          new JsonObject()
              .put("template", template("h-{{path.basename}}", "{{path}}", "dev", "fleet-h"))
              .put(
                  "generators",
                  new JsonArray()
                      .add(gitDirs(new JsonArray().add(new JsonObject().put("path", glob)))));
      var r = gw.call(HttpMethod.PUT, SETS + "hostile", admin, body);
      assertThat(r.statusCode()).as(glob + ": " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field"))
          .as(glob)
          .startsWith("generators[0].git.directories[0].path");
    }
    JsonObject nested =
        new JsonObject()
            .put("template", template("n", "apps/web", "dev", "fleet-h"))
            .put(
                "generators",
                new JsonArray()
                    .add(
                        gen(
                            "matrix",
                            new JsonObject()
                                .put(
                                    "generators",
                                    new JsonArray()
                                        .add(
                                            gen(
                                                "matrix",
                                                new JsonObject()
                                                    .put("generators", new JsonArray())))
                                        .add(clustersWhere("env", "dev"))))));
    var r = gw.call(HttpMethod.PUT, SETS + "hostile", admin, nested);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field"))
        .isEqualTo("generators[0].matrix.generators[0].matrix");
    assertThat(gw.call(HttpMethod.GET, SETS + "hostile", admin, null).statusCode()).isEqualTo(404);
    assertThat(appsOf("hostile")).isEmpty();
  }

  @Test
  void deletingASetDeletesItsAppsUnlessAskedToKeepThem() throws Exception {
    JsonObject body =
        new JsonObject()
            .put("template", template("gone-{{cluster}}", "apps/web", "{{cluster}}", "fleet-gone"))
            .put("generators", new JsonArray().add(clustersWhere("env", "dev")));
    putSet("gone", body, 201);
    assertThat(appsOf("gone")).containsExactly("gone-dev");
    await().atMost(Duration.ofSeconds(30)).until(() -> webConfigMap("fleet-gone") != null);
    assertThat(gw.call(HttpMethod.DELETE, SETS + "gone", admin, null).statusCode()).isEqualTo(204);
    assertThat(appStatus("gone-dev")).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(webConfigMap("fleet-gone"))
                    .as("a deleted set's apps take their objects with them (foreground cascade)")
                    .isNull());
    assertThat(gw.call(HttpMethod.GET, SETS + "gone", admin, null).statusCode()).isEqualTo(404);

    body.put("template", template("kept-{{cluster}}", "apps/web", "{{cluster}}", "fleet-kept"));
    putSet("kept", body, 201);
    await().atMost(Duration.ofSeconds(30)).until(() -> webConfigMap("fleet-kept") != null);
    assertThat(appsOf("kept")).containsExactly("kept-dev");
    assertThat(gw.call(HttpMethod.DELETE, SETS + "kept?keepApps=true", admin, null).statusCode())
        .isEqualTo(204);
    var kept = gw.call(HttpMethod.GET, APPS + "kept-dev", admin, null);
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(kept.bodyAsJsonObject().getJsonObject("labels").containsKey("gitops.io/appset"))
        .as("no longer the set's")
        .isFalse();
    assertThat(webConfigMap("fleet-kept")).as("kept apps keep their objects").isNotNull();
  }

  @Test
  void progressiveRolloutStopsWhenAStepTurnsDegraded() throws Exception {
    JsonArray steps = new JsonArray();
    for (String env : List.of("dev", "staging", "prod")) {
      steps.add(
          new JsonObject()
              .put(
                  "matchExpressions",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("key", "env")
                              .put("operator", "In")
                              .put("values", new JsonArray().add(env)))));
    }
    JsonObject body =
        new JsonObject()
            .put(
                "template",
                template("{{cluster}}-roll", "deploy/{{labels.env}}", "{{cluster}}", "fleet-roll")
                    .put("labels", new JsonObject().put("env", "{{labels.env}}")))
            .put("generators", new JsonArray().add(gen("clusters", new JsonObject())))
            .put(
                "strategy",
                new JsonObject()
                    .put("type", "RollingSync")
                    .put("rollingSync", new JsonObject().put("steps", steps)));
    JsonObject first = putSet("roll", body, 201);
    assertThat(first.getJsonObject("status").getJsonObject("rollout").getInteger("step"))
        .isEqualTo(1);
    assertThat(appsOf("roll")).containsExactly("dev-roll");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject rollout = set("roll").getJsonObject("status").getJsonObject("rollout");
              assertThat(rollout.getString("state")).isEqualTo("Stopped");
              assertThat(rollout.getInteger("step")).isEqualTo(2);
              assertThat(rollout.getString("reason")).contains("staging-roll is Degraded");
            });
    assertThat(appsOf("roll")).containsExactlyInAnyOrder("dev-roll", "staging-roll");
    assertThat(appStatus("prod-roll")).as("prod waits behind the Degraded step").isEqualTo(404);
    JsonArray listed = set("roll").getJsonObject("status").getJsonArray("apps");
    assertThat(listed.encode())
        .contains("\"name\":\"prod-roll\"")
        .contains("\"state\":\"Waiting\"");
    assertThat(
            gw.clusters
                .get("prod")
                .client()
                .apps()
                .deployments()
                .inNamespace("fleet-roll")
                .withName("web")
                .get())
        .isNull();
  }
}
