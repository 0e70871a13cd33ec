package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.support.ChartRepoServer;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestCharts;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts from a real Helm chart repository served over HTTP by the test (archives packaged by
 * helm-java, index.yaml with their digests): a version range resolves to the newest match and the
 * status shows it; basic auth is refused without a stored credential and works with one; a tampered
 * archive is refused; a dependency is fetched from its own repository; hostile URLs are refused
 * with nothing fetched.
 */
class HelmRepositoryTest {
  static final String PASSWORD = "chart-repo-secret-4711";

  @TempDir static Path work;
  static GatewayHarness gw;
  static ChartRepoServer repo;
  static TestRepo values;
  static KubernetesClient kube;
  static String admin;
  static final Map<String, byte[]> demo = new java.util.HashMap<>();

  static String tenant(String name, String sourceRepos) {
    return "name: "
        + name
        + "\nroles: {"
        + name
        + "-admins: admin}\nsourceRepos: "
        + sourceRepos
        + "\ndestinations: [{cluster: dev, namespace: \""
        + name
        + "-*\"}]\n";
  }

  @BeforeAll
  static void start() throws Exception {
    Path charts = Files.createDirectories(work.resolve("charts"));
    repo = new ChartRepoServer();
    List<TestCharts.Entry> entries = new java.util.ArrayList<>();
    for (String v : List.of("1.0.0", "1.2.0", "1.3.0", "2.0.0", "1.4.0-rc.1")) {
      byte[] tgz = TestCharts.configMapChart(charts, "demo", v);
      demo.put(v, tgz);
      repo.put("/moving/demo-" + v + ".tgz", tgz);
      repo.put("/public/demo-" + v + ".tgz", tgz).put("/private/demo-" + v + ".tgz", tgz);
      entries.add(new TestCharts.Entry("demo", v, tgz, "demo-" + v + ".tgz"));
    }
    // A tampered archive: the index's digest is of the real one, the server serves another.
    byte[] real = TestCharts.configMapChart(charts, "tampered", "1.0.0");
    byte[] other = TestCharts.chart(charts, "tampered", "1.0.0", "", Map.of("x.txt", "evil"));
    repo.put("/public/tampered-1.0.0.tgz", other);
    entries.add(new TestCharts.Entry("tampered", "1.0.0", real, "tampered-1.0.0.tgz"));
    // A chart whose archive URL points at the metadata address.
    entries.add(
        new TestCharts.Entry(
            "sneaky", "1.0.0", real, "http://169.254.169.254/latest/meta-data/x.tgz"));
    // A chart with a dependency in another repository, fetched from there.
    byte[] lib = TestCharts.configMapChart(charts, "lib", "1.5.0");
    repo.put("/deps/lib-1.5.0.tgz", lib)
        .put(
            "/deps/index.yaml",
            TestCharts.index(List.of(new TestCharts.Entry("lib", "1.5.0", lib, "lib-1.5.0.tgz"))));
    byte[] app =
        TestCharts.unvendored(
            "app",
            "0.1.0",
            "dependencies:\n- name: lib\n  version: \"^1.0\"\n  repository: "
                + repo.url("/deps")
                + "\n");
    entries.add(new TestCharts.Entry("app", "0.1.0", app, "app-0.1.0.tgz"));
    repo.put("/public/app-0.1.0.tgz", app);
    String index = TestCharts.index(entries);
    repo.put("/public/index.yaml", index).put("/private/index.yaml", index);
    repo.protect("/private/", "bot", PASSWORD);
    values = TestRepo.create(work.resolve("values"));
    values.commit("values", Map.of("env/prod.yaml", "greeting: from-git\n"));

    gw =
        GatewayHarness.start(
            work,
            Map.of(
                "charts",
                tenant("charts", "[\"http://127.0.0.1:*/**\", \"" + values.url() + "\"]"),
                "wild",
                tenant("wild", "[\"*\"]")),
            List.of("dev"),
            Map.of("credentials", Map.of("key", CredentialCipher.newKey())));
    kube = gw.clusters.get("dev").client();
    admin = gw.token("ann", "charts-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (values != null) {
      values.close();
    }
  }

  static JsonObject chartApp(String repoUrl, String chart, String version, String namespace) {
    return new JsonObject()
        .put(
            "source",
            new JsonObject()
                .put("repoURL", repoUrl)
                .put("chart", chart)
                .put("targetRevision", version))
        .put("destination", new JsonObject().put("cluster", "dev").put("namespace", namespace))
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
  }

  static AppStatus status(String tenant, String app) {
    return gw.gateway.loop().app(AppId.of(tenant, app)).orElseThrow().status();
  }

  static String configMapData(String namespace, String name, String key) {
    var cm = kube.configMaps().inNamespace(namespace).withName(name).get();
    return cm == null ? null : cm.getData().get(key);
  }

  @Test
  void aVersionRangeResolvesToTheNewestMatchAndTheStatusShowsIt() throws Exception {
    var put =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/apps/ranged",
            admin,
            chartApp(repo.url("/public"), "demo", "1.x", "charts-ranged"));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(configMapData("charts-ranged", "demo-cm", "version"))
                    .as(status("charts", "ranged").message())
                    .isEqualTo("1.3.0"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(status("charts", "ranged").revision()).isEqualTo("1.3.0"));
    var got = gw.call(HttpMethod.GET, "/api/v1/tenants/charts/apps/ranged", admin, null);
    assertThat(
            got.bodyAsJsonObject().getJsonObject("spec").getJsonObject("source").getString("chart"))
        .isEqualTo("demo");
    assertThat(got.bodyAsString()).contains("\"revision\":\"1.3.0\"");
    var graphql =
        gw.call(
            HttpMethod.POST,
            "/graphql",
            admin,
            new JsonObject()
                .put(
                    "query",
                    "{ app(tenant: \"charts\", name: \"ranged\") { spec { source { chart targetRevision } } } }"));
    assertThat(graphql.bodyAsString()).contains("\"chart\":\"demo\"", "\"targetRevision\":\"1.x\"");
  }

  @Test
  void aNewVersionInRangeIsPickedUpOnRefresh() throws Exception {
    repo.put(
        "/moving/index.yaml",
        TestCharts.index(
            List.of(new TestCharts.Entry("demo", "1.0.0", demo.get("1.0.0"), "demo-1.0.0.tgz"))));
    gw.call(
        HttpMethod.PUT,
        "/api/v1/tenants/charts/apps/moving",
        admin,
        chartApp(repo.url("/moving"), "demo", "~1", "charts-moving"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(configMapData("charts-moving", "demo-cm", "version"))
                    .isEqualTo("1.0.0"));
    repo.put(
        "/moving/index.yaml",
        TestCharts.index(
            List.of(
                new TestCharts.Entry("demo", "1.0.0", demo.get("1.0.0"), "demo-1.0.0.tgz"),
                new TestCharts.Entry("demo", "1.3.0", demo.get("1.3.0"), "demo-1.3.0.tgz"),
                new TestCharts.Entry("demo", "2.0.0", demo.get("2.0.0"), "demo-2.0.0.tgz"))));
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/charts/apps/moving/refresh", admin, null)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(configMapData("charts-moving", "demo-cm", "version"))
                    .isEqualTo("1.3.0"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(status("charts", "moving").revision()).isEqualTo("1.3.0"));
  }

  @Test
  void basicAuthIsRefusedWithoutACredentialAndUsedWithOne() throws Exception {
    String url = repo.url("/private");
    gw.call(
        HttpMethod.PUT,
        "/api/v1/tenants/charts/apps/private",
        admin,
        chartApp(url, "demo", "^1.2", "charts-private"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(status("charts", "private").message())
                    .contains("authentication required"));
    assertThat(configMapData("charts-private", "demo-cm", "version")).isNull();

    var stored =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/repository-credentials",
            admin,
            new JsonObject().put("url", url).put("username", "bot").put("password", PASSWORD));
    assertThat(stored.statusCode()).as(stored.bodyAsString()).isEqualTo(201);
    assertThat(stored.bodyAsString()).doesNotContain(PASSWORD);
    gw.call(HttpMethod.POST, "/api/v1/tenants/charts/apps/private/refresh", admin, null);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(configMapData("charts-private", "demo-cm", "version"))
                    .isEqualTo("1.3.0"));
    var app = gw.call(HttpMethod.GET, "/api/v1/tenants/charts/apps/private", admin, null);
    assertThat(app.bodyAsString()).doesNotContain(PASSWORD);
  }

  @Test
  void aTamperedArchiveIsRefused() throws Exception {
    gw.call(
        HttpMethod.PUT,
        "/api/v1/tenants/charts/apps/tampered",
        admin,
        chartApp(repo.url("/public"), "tampered", "1.0.0", "charts-tampered"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(status("charts", "tampered").message()).contains("digest", "refused"));
    assertThat(configMapData("charts-tampered", "tampered-cm", "version")).isNull();
  }

  @Test
  void aDependencyIsFetchedFromItsRepository() throws Exception {
    gw.call(
        HttpMethod.PUT,
        "/api/v1/tenants/charts/apps/withdep",
        admin,
        chartApp(repo.url("/public"), "app", "0.1.0", "charts-withdep"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(configMapData("charts-withdep", "app-cm", "version"))
                  .as(status("charts", "withdep").message())
                  .isEqualTo("0.1.0");
              assertThat(configMapData("charts-withdep", "lib-cm", "version")).isEqualTo("1.5.0");
            });
    assertThat(repo.requests).contains("/deps/index.yaml", "/deps/lib-1.5.0.tgz");
  }

  @Test
  void hostileUrlsAreRefusedWithNothingFetched() throws Exception {
    String wildAdmin = gw.token("eve", "wild-admins");
    int before = repo.requests.size();
    for (String url :
        List.of(
            "http://169.254.169.254/charts",
            "http://10.0.0.1/charts",
            "file:///etc/charts",
            "ftp://127.0.0.1/charts",
            "http://127.0.0.1:1/../charts")) {
      var put =
          gw.call(
              HttpMethod.PUT,
              "/api/v1/tenants/wild/apps/evil",
              wildAdmin,
              chartApp(url, "demo", "1.0.0", "wild-evil"));
      assertThat(put.statusCode()).as(url + ": " + put.bodyAsString()).isEqualTo(400);
      assertThat(put.bodyAsJsonObject().getString("field")).isEqualTo("source.repoURL");
    }
    // Outside the tenant's sourceRepos: refused the same way.
    var outside =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/apps/outside",
            admin,
            chartApp("https://charts.example.com/", "demo", "1.0.0", "charts-outside"));
    assertThat(outside.statusCode()).isEqualTo(400);
    assertThat(outside.bodyAsJsonObject().getString("field")).isEqualTo("source.repoURL");
    // A bad version range and a path next to a chart are 400s naming the field.
    var badRange =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/apps/bad",
            admin,
            chartApp(repo.url("/public"), "demo", ">>1", "charts-bad"));
    assertThat(badRange.bodyAsJsonObject().getString("field")).isEqualTo("source.targetRevision");
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/wild/apps/evil", wildAdmin, null).statusCode())
        .isEqualTo(404);
    assertThat(repo.requests.size()).isEqualTo(before);

    // An index pointing an archive at the metadata address: refused before any connection.
    gw.call(
        HttpMethod.PUT,
        "/api/v1/tenants/charts/apps/sneaky",
        admin,
        chartApp(repo.url("/public"), "sneaky", "1.0.0", "charts-sneaky"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(status("charts", "sneaky").message())
                    .contains("URL refused", "169.254.169.254"));
  }

  static JsonObject multiSource(String valueFile, String valuesUrl) {
    return new JsonObject()
        .put(
            "sources",
            new io.vertx.core.json.JsonArray()
                .add(
                    new JsonObject()
                        .put("repoURL", repo.url("/public"))
                        .put("chart", "demo")
                        .put("targetRevision", "1.2.0")
                        .put(
                            "helm",
                            new JsonObject()
                                .put(
                                    "valueFiles",
                                    new io.vertx.core.json.JsonArray().add(valueFile))))
                .add(
                    new JsonObject()
                        .put("repoURL", valuesUrl)
                        .put("targetRevision", "main")
                        .put("ref", "values")))
        .put("destination", new JsonObject().put("cluster", "dev").put("namespace", "charts-multi"))
        .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
  }

  @Test
  void aChartFromTheRepositoryWithValuesFromGit() throws Exception {
    var put =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/apps/multi",
            admin,
            multiSource("$values/env/prod.yaml", values.url()));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(configMapData("charts-multi", "demo-cm", "greeting"))
                    .as(status("charts", "multi").message())
                    .isEqualTo("from-git"));
    assertThat(configMapData("charts-multi", "demo-cm", "version")).isEqualTo("1.2.0");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(status("charts", "multi").revision()).startsWith("1.2.0,"));
    var got = gw.call(HttpMethod.GET, "/api/v1/tenants/charts/apps/multi", admin, null);
    assertThat(got.bodyAsJsonObject().getJsonObject("spec").getJsonArray("sources")).hasSize(2);
  }

  @Test
  void everySourceMeetsTheTenantRules() throws Exception {
    var undefinedRef =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/apps/multibad",
            admin,
            multiSource("$other/env/prod.yaml", values.url()));
    assertThat(undefinedRef.statusCode()).isEqualTo(400);
    assertThat(undefinedRef.bodyAsJsonObject().getString("field"))
        .isEqualTo("sources[0].helm.valueFiles[0]");
    var escaping =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/charts/apps/multibad",
            admin,
            multiSource("$values/../../etc/passwd", values.url()));
    assertThat(escaping.statusCode()).isEqualTo(400);
    for (String url : List.of("https://git.example.com/evil.git", "http://169.254.169.254/x.git")) {
      var outside =
          gw.call(
              HttpMethod.PUT,
              "/api/v1/tenants/charts/apps/multibad",
              admin,
              multiSource("$values/env/prod.yaml", url));
      assertThat(outside.statusCode()).as(url).isEqualTo(400);
      assertThat(outside.bodyAsJsonObject().getString("field")).isEqualTo("sources[1].repoURL");
    }
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/charts/apps/multibad", admin, null)
                .statusCode())
        .isEqualTo(404);
  }
}
