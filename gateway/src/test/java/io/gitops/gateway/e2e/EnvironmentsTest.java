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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same application in dev, staging and prod at three revisions with three image tags: the
 * environments view shows exactly those (revision, commit subject, images of containers, init
 * containers and CronJobs read from the live objects), the comparison names what differs, and a
 * hand change of an image on the cluster shows at once.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class EnvironmentsTest {
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin, shop-viewers: viewer}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: "shop-*"}]
      """;
  static final String ENVS = "/api/v1/tenants/shop/environments";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String viewer;
  static Map<String, String> revisions;

  static String workloads(String webTag) {
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
              initContainers: [{name: migrate, image: "ghcr.io/example/migrate:7"}]
              containers: [{name: web, image: "ghcr.io/example/web:%s"}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: report, image: "ghcr.io/example/report:%s"}]
        """
        .formatted(webTag, webTag);
  }

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", TENANT), List.of("dev", "staging", "prod"));
    repo = TestRepo.create(work.resolve("repo"));
    String prod = repo.commit("web 1.0 everywhere", Map.of("web/workloads.yaml", workloads("1.0")));
    String staging = repo.commit("web 1.1", Map.of("web/workloads.yaml", workloads("1.1")));
    String dev =
        repo.commit("web 1.2: faster search", Map.of("web/workloads.yaml", workloads("1.2")));
    revisions = Map.of("dev", dev, "staging", staging, "prod", prod);
    String operator = gw.token("olga", "gitops-operators");
    for (String env : List.of("dev", "staging", "prod")) {
      var r =
          gw.call(
              HttpMethod.PUT,
              "/api/v1/admin/clusters/" + env + "/labels",
              operator,
              new JsonObject().put("labels", new JsonObject().put("env", env)));
      assertThat(r.statusCode()).isEqualTo(200);
    }
    JsonArray elements = new JsonArray();
    revisions.forEach(
        (env, sha) -> elements.add(new JsonObject().put("cluster", env).put("rev", sha)));
    JsonObject template =
        AppSpecs.of(repo.url(), "web", "{{cluster}}", "shop-web")
            .put("name", "web-{{cluster}}")
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    template.getJsonObject("source").put("targetRevision", "{{rev}}");
    String admin = gw.token("ada", "shop-admins");
    var put =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/shop/appsets/web",
            admin,
            new JsonObject()
                .put("template", template)
                .put(
                    "generators",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("list", new JsonObject().put("elements", elements)))));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    viewer = gw.token("vic", "shop-viewers");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (String env : List.of("dev", "staging", "prod")) {
                JsonObject app = gw.app("shop", "web-" + env, viewer);
                assertThat(GatewayHarness.syncStatus(app)).as(env).isEqualTo("Synced");
              }
            });
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static JsonObject get(String query) throws Exception {
    var r = gw.call(HttpMethod.GET, ENVS + query, viewer, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject row(JsonObject matrix, String env) {
    for (Object o : matrix.getJsonArray("environments")) {
      if (env.equals(((JsonObject) o).getString("environment"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no row " + env + " in " + matrix.encodePrettily());
  }

  static Map<String, String> images(JsonObject row) {
    Map<String, String> out = new java.util.TreeMap<>();
    row.getJsonArray("images")
        .forEach(
            o -> out.put(((JsonObject) o).getString("slot"), ((JsonObject) o).getString("image")));
    return out;
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void eachEnvironmentShowsItsRevisionCommitAndLiveImages() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject matrix = get("?appset=web&by=env");
              assertThat(matrix.getJsonArray("environments")).hasSize(3);
              Map<String, String> tags = Map.of("dev", "1.2", "staging", "1.1", "prod", "1.0");
              for (String env : List.of("dev", "staging", "prod")) {
                JsonObject row = row(matrix, env);
                assertThat(row.getString("revision")).isEqualTo(revisions.get(env));
                assertThat(row.getString("cluster")).isEqualTo(env);
                assertThat(row.getString("sync")).isEqualTo("Synced");
                assertThat(row.getString("lastChanged")).isNotNull();
                assertThat(images(row))
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "CronJob/report report", "ghcr.io/example/report:" + tags.get(env),
                            "Deployment/web init migrate", "ghcr.io/example/migrate:7",
                            "Deployment/web web", "ghcr.io/example/web:" + tags.get(env)));
              }
              assertThat(row(matrix, "dev").getString("commitMessage"))
                  .isEqualTo("web 1.2: faster search");
              assertThat(row(matrix, "prod").getString("commitMessage"))
                  .isEqualTo("web 1.0 everywhere");
            });
    JsonObject byCluster = get("?label=gitops.io/appset=web");
    assertThat(byCluster.getString("by")).isEqualTo("cluster");
    assertThat(row(byCluster, "staging").getString("app")).isEqualTo("web-staging");

    JsonObject diff = get("/compare?appset=web&by=env&a=staging&b=prod");
    assertThat(diff.getBoolean("revisionDiffers")).isTrue();
    assertThat(diff.getJsonObject("a").getString("revision")).isEqualTo(revisions.get("staging"));
    assertThat(
            diff.getJsonArray("images").stream().map(o -> ((JsonObject) o).getString("container")))
        .containsExactlyInAnyOrder("CronJob/report report", "Deployment/web web");
    assertThat(diff.getJsonArray("images").encode())
        .contains("ghcr.io/example/web:1.1")
        .contains("ghcr.io/example/web:1.0")
        .doesNotContain("migrate");

    var graphql =
        gw.call(
            HttpMethod.POST,
            "/graphql",
            viewer,
            new JsonObject()
                .put(
                    "query",
                    "{ environments(tenant: \"shop\", appSet: \"web\", by: \"env\") { environment"
                        + " revision commitMessage images { container init image } }"
                        + " compareEnvironments(tenant: \"shop\", appSet: \"web\", by: \"env\","
                        + " a: \"dev\", b: \"prod\") { revisionDiffers images { container a b } }"
                        + " appSet(tenant: \"shop\", name: \"web\") { name apps { name cluster state } } }"));
    JsonObject data = graphql.bodyAsJsonObject().getJsonObject("data");
    assertThat(data).as(graphql.bodyAsString()).isNotNull();
    assertThat(data.getJsonArray("environments")).hasSize(3);
    assertThat(data.getJsonArray("environments").encode())
        .contains(revisions.get("dev"))
        .contains("web 1.2: faster search")
        .contains("ghcr.io/example/migrate:7");
    assertThat(data.getJsonObject("compareEnvironments").getBoolean("revisionDiffers")).isTrue();
    assertThat(data.getJsonObject("appSet").getJsonArray("apps")).hasSize(3);

    var missing =
        gw.call(HttpMethod.GET, ENVS + "/compare?appset=web&by=env&a=dev&b=qa", viewer, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    var neither = gw.call(HttpMethod.GET, ENVS, viewer, null);
    assertThat(neither.statusCode()).isEqualTo(400);
    var other = gw.call(HttpMethod.GET, ENVS + "?appset=web", gw.token("eve", "other-team"), null);
    assertThat(other.statusCode()).isEqualTo(404);
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void aHandChangedImageOnTheClusterShowsAtOnce() throws Exception {
    // the live feed of the matrix, opened before the change
    StringBuffer events = new StringBuffer();
    var client = gw.vertx.createHttpClient();
    var request =
        client
            .request(
                HttpMethod.GET, gw.gateway.port(), "localhost", ENVS + "/stream?appset=web&by=env")
            .await(10, java.util.concurrent.TimeUnit.SECONDS);
    request.putHeader("Authorization", "Bearer " + viewer);
    // the handler is set in the response's own callback, before any chunk is delivered
    var response =
        request
            .send()
            .onSuccess(r -> r.handler(chunk -> events.append(chunk.toString())))
            .await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.toString().contains("event: environments"));
    assertThat(events.toString()).doesNotContain("hotfix");
    gw.clusters
        .get("prod")
        .client()
        .apps()
        .deployments()
        .inNamespace("shop-web")
        .withName("web")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("ghcr.io/example/web:hotfix");
              return d;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject prod = row(get("?appset=web&by=env"), "prod");
              assertThat(images(prod))
                  .containsEntry("Deployment/web web", "ghcr.io/example/web:hotfix");
              assertThat(prod.getString("revision")).isEqualTo(revisions.get("prod"));
            });
    JsonObject diff = get("/compare?appset=web&by=env&a=prod&b=dev");
    assertThat(diff.getJsonArray("images").encode()).contains("ghcr.io/example/web:hotfix");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(events.toString())
                    .as("the stream carried it")
                    .contains("ghcr.io/example/web:hotfix"));
    client.close();
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void allAppsOfTheTenantInOneAnswerWithTheirLiveImages() throws Exception {
    JsonObject all = get("?all=true");
    assertThat(all.getString("application")).isEqualTo("*");
    JsonObject bySet = get("?appset=web");
    assertThat(all.getJsonArray("environments").getList())
        .as("every app of the tenant, the app set's among them")
        .containsAll(bySet.getJsonArray("environments").getList());
    assertThat(images(row(all, "prod")))
        .containsEntry("Deployment/web web", "ghcr.io/example/web:hotfix");

    for (String bad : List.of("?all=true&appset=web", "?all=true&label=a=b", "?all=maybe")) {
      var r = gw.call(HttpMethod.GET, ENVS + bad, viewer, null);
      assertThat(r.statusCode()).as(bad + " " + r.bodyAsString()).isEqualTo(400);
    }
    var other = gw.call(HttpMethod.GET, ENVS + "?all=true", gw.token("eve", "other-team"), null);
    assertThat(other.statusCode()).isEqualTo(404);
  }
}
