package io.gitops.gateway.observability;

import static io.gitops.gateway.support.SyncFixtures.configMap;
import static io.gitops.gateway.support.SyncFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.source.WebhookFixture;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.PrometheusTools;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards under grafana/ against the real thing: a gateway runs a demo-like workload
 * (apps synced on two clusters, a sync that fails, a drift healed, a self-heal backing off, a
 * webhook with a forged signature, a forged token, a caller denied, a GraphQL query, a WebSocket
 * client on the feed), Debian's real Prometheus scrapes it every second, and every query of every
 * panel (template variables set to a real tenant and cluster) must parse and return at least one
 * series. Each `gitops_*` family the gateway exports has a panel; the tenant and cluster dashboards
 * chart every family that carries their label.
 */
class GrafanaDashboardsTest {
  static final List<String> DASHBOARDS =
      List.of("gitops-gateway.json", "gitops-gateway-tenant.json", "gitops-gateway-cluster.json");
  static final Map<String, String> VARIABLES =
      Map.of(
          "$tenant",
          "shop",
          "${tenant}",
          "shop",
          "$cluster",
          "dev",
          "${cluster}",
          "dev",
          "$__rate_interval",
          "1m",
          "$__interval",
          "1m",
          "$__range",
          "5m");
  static final String TENANT =
      """
      name: shop
      roles: {shop-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: "shop-*"}]
      """;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static PrometheusTools.Server prometheus;
  static WebSocketClient
      feedClient; // held: an unreferenced client may be collected, closing its socket
  static WebSocket feed;
  static String token;

  /** One query of one panel, and where it is: what a failure names. */
  record PanelQuery(String dashboard, String panel, String expr) {
    String where() {
      return dashboard + " / panel \"" + panel + "\"";
    }

    String resolved() {
      String e = expr;
      for (var v : VARIABLES.entrySet()) {
        e = e.replace(v.getKey(), v.getValue());
      }
      return e;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    PrometheusTools.bin(); // skip (or fail when required) before starting anything
    gw =
        GatewayHarness.start(
            work,
            Map.of("shop", TENANT),
            List.of("dev", "prod"),
            Map.of("webhooks", Map.of("github-secret", WebhookFixture.SECRETS.github())));
    Path tsdb = Files.createDirectories(work.resolve("prometheus"));
    prometheus = PrometheusTools.scrapeEverySecond(tsdb, gw.gateway.port());
    repo = TestRepo.create(work.resolve("repo"));
    token = gw.token("ann", "shop-admins");
    workload();
  }

  @AfterAll
  static void stop() throws Exception {
    if (feed != null) {
      feed.close().await(10, TimeUnit.SECONDS);
      feedClient.close().await(10, TimeUnit.SECONDS);
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (gw != null) {
      gw.close();
      repo.close();
    }
  }

  /**
   * What a demo does in its first minutes, plus each fault a dashboard or an alert is there to
   * show.
   */
  static void workload() throws Exception {
    repo.commit(
        "apps",
        Map.of(
            "apps/web/cm.yaml", configMap("web", "blue", ""),
            "apps/bad/api.yaml", deployment("api", "example/api:bad", 0),
            "apps/fight/c.yaml", configMap("c", "blue", "")));
    JsonObject heal = new JsonObject().put("automated", new JsonObject().put("selfHeal", true));
    put("web", AppSpecs.of(repo.url(), "apps/web", "dev", "shop-web").put("syncPolicy", heal));
    put("bad", AppSpecs.of(repo.url(), "apps/bad", "prod", "shop-bad").put("syncPolicy", heal));
    put(
        "fight",
        AppSpecs.of(repo.url(), "apps/fight", "dev", "shop-fight").put("syncPolicy", heal));
    feedClient = gw.vertx.createWebSocketClient();
    feed =
        feedClient
            .connect(
                new WebSocketConnectOptions()
                    .setHost("localhost")
                    .setPort(gw.gateway.port())
                    .setURI("/ws/status?tenant=shop")
                    .addHeader("Authorization", "Bearer " + token))
            .await(20, TimeUnit.SECONDS);
    await()
        .atMost(WAIT)
        .until(() -> GatewayHarness.syncStatus(gw.app("shop", "web", token)).equals("Synced"));
    await()
        .atMost(WAIT)
        .until(() -> GatewayHarness.health(gw.app("shop", "bad", token)).equals("Degraded"));

    KubernetesClient dev = gw.clusters.get("dev").client();
    paintRed(dev, "shop-web", "web");
    await().atMost(WAIT).until(() -> gw.metricSum("gitops_drift_to_healed_seconds_count") > 0);

    // Another controller that wants the field red: self-heal backs off instead of fighting it
    // forever.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              var c = dev.configMaps().inNamespace("shop-fight").withName("c").get();
              if (c != null && "blue".equals(c.getData().get("color"))) {
                paintRed(dev, "shop-fight", "c");
              }
              return gw.metricSum("gitops_self_heal_backoffs_total") > 0;
            });

    WebhookFixture forged = WebhookFixture.load("github", "forged");
    var hook = gw.http.post(gw.gateway.port(), "localhost", "/api/v1/webhooks/git");
    forged.headers().forEach(hook::putHeader);
    assertThat(
            hook.sendBuffer(Buffer.buffer(forged.body())).await(20, TimeUnit.SECONDS).statusCode())
        .isEqualTo(401);
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants", "forged.token.here", null).statusCode())
        .isEqualTo(401);
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps", gw.token("eve", "strangers"), null)
                .statusCode())
        .isEqualTo(404);
    var graphql =
        gw.call(
            HttpMethod.POST, "/graphql", token, new JsonObject().put("query", "{ __typename }"));
    assertThat(graphql.statusCode()).as(graphql.bodyAsString()).isEqualTo(200);
  }

  /** What another actor does to a managed object: the drift self-heal undoes. */
  static void paintRed(KubernetesClient kube, String namespace, String name) {
    kube.configMaps()
        .inNamespace(namespace)
        .withName(name)
        .edit(c -> new ConfigMapBuilder(c).addToData("color", "red").build());
  }

  static void put(String app, JsonObject spec) throws Exception {
    var created = gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/" + app, token, spec);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  @Test
  void everyQueryOfEveryPanelParsesAndReturnsSeriesFromTheRealPrometheus() throws Exception {
    List<PanelQuery> queries = queries();
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                "Prometheus Server is Ready.\n"
                    .equals(
                        gw.http
                            .get(prometheus.port(), "127.0.0.1", "/-/ready")
                            .send()
                            .await(5, TimeUnit.SECONDS)
                            .bodyAsString()));
    List<String> unparsed = new ArrayList<>();
    for (PanelQuery q : queries) {
      JsonObject answer = query(q.resolved());
      if (!"success".equals(answer.getString("status"))) {
        unparsed.add(q.where() + ": " + answer.getString("error") + "\n    " + q.resolved());
      }
    }
    assertThat(unparsed).as("queries Prometheus refused").isEmpty();
    // Scraped every second: rates over 1m have their two samples within seconds.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              List<String> empty = new ArrayList<>();
              for (PanelQuery q : queries) {
                if (query(q.resolved()).getJsonObject("data").getJsonArray("result").isEmpty()) {
                  empty.add(q.where() + "\n    " + q.resolved());
                }
              }
              assertThat(empty).as("queries that returned no series").isEmpty();
            });
  }

  @Test
  void theTemplateVariablesListTheRealTenantAndCluster() throws Exception {
    for (String file : DASHBOARDS) {
      for (Object o : dashboard(file).getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) o;
        if (!"query".equals(variable.getString("type"))) {
          continue;
        }
        Matcher m =
            Pattern.compile("label_values\\((\\w+), *(\\w+)\\)").matcher(queryText(variable));
        assertThat(m.matches()).as(file + " variable " + variable.getString("name")).isTrue();
        JsonArray values =
            gw.http
                .get(prometheus.port(), "127.0.0.1", "/api/v1/label/" + m.group(2) + "/values")
                .addQueryParam("match[]", m.group(1))
                .send()
                .await(10, TimeUnit.SECONDS)
                .bodyAsJsonObject()
                .getJsonArray("data");
        assertThat(values)
            .as(file + " $" + variable.getString("name"))
            .contains(VARIABLES.get("$" + variable.getString("name")));
      }
    }
  }

  @Test
  void everyGatewayMetricFamilyHasAPanelAndTheTenantAndClusterDashboardsChartTheirs()
      throws Exception {
    String scrape = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    Map<String, Set<String>> labelsByFamily = new java.util.TreeMap<>();
    Matcher sample =
        Pattern.compile("(?m)^(gitops_\\w+?)(_bucket|_count|_sum|_max|_created)?(\\{[^}]*})? ")
            .matcher(scrape);
    while (sample.find()) {
      Set<String> labels = labelsByFamily.computeIfAbsent(sample.group(1), k -> new TreeSet<>());
      if (sample.group(3) != null) {
        Matcher label = Pattern.compile("(\\w+)=\"").matcher(sample.group(3));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    assertThat(labelsByFamily)
        .as("the workload made the gateway export these")
        .containsKeys(
            "gitops_commit_to_synced_seconds",
            "gitops_drift_to_healed_seconds",
            "gitops_webhook_deliveries_total",
            "gitops_auth_failures_total",
            "gitops_event_loop_blocked_total",
            "gitops_feed_clients");
    List<PanelQuery> all = queries();
    for (var family : labelsByFamily.entrySet()) {
      assertThat(all).as("a panel for " + family.getKey()).anyMatch(q -> uses(q, family.getKey()));
      for (String scope : List.of("tenant", "cluster")) {
        if (family.getValue().contains(scope)) {
          assertThat(all)
              .as("gitops-gateway-" + scope + ".json charts " + family.getKey() + " by $" + scope)
              .anyMatch(
                  q ->
                      q.dashboard().equals("gitops-gateway-" + scope + ".json")
                          && uses(q, family.getKey())
                          && q.expr().contains(scope + "=~\"$" + scope + "\""));
        }
      }
    }
    assertThat(all)
        .as("the overview charts the event loops, HTTP, worker pools and the JVM basics")
        .anySatisfy(q -> assertThat(q.expr()).contains("gitops_event_loop_delay_seconds"))
        .anySatisfy(q -> assertThat(q.expr()).contains("vertx_http_server"))
        .anySatisfy(q -> assertThat(q.expr()).contains("vertx_pool"))
        .anySatisfy(q -> assertThat(q.expr()).contains("jvm_memory_used_bytes"))
        .anySatisfy(q -> assertThat(q.expr()).contains("jvm_gc_pause_seconds"))
        .anySatisfy(q -> assertThat(q.expr()).contains("jvm_threads_live_threads"))
        .anySatisfy(q -> assertThat(q.expr()).contains("process_cpu_usage"));
  }

  /**
   * promtool's unit tests feed the rules series named by hand; here the names meet the real
   * exposition.
   */
  @Test
  void everyAlertRuleReadsSeriesTheGatewayExports() throws Exception {
    String scrape = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    for (Map<String, Object> alert : AlertRulesTest.alerts()) {
      Matcher name = Pattern.compile("\\bgitops_\\w+").matcher((String) alert.get("expr"));
      assertThat(name.find()).as(alert.get("alert") + " reads a gitops_* series").isTrue();
      do {
        assertThat(scrape)
            .as(alert.get("alert") + " reads " + name.group())
            .containsPattern("(?m)^" + name.group() + "[{ ]");
      } while (name.find());
    }
  }

  @Test
  void eachDashboardIsImportableGrafanaJson() {
    for (String file : DASHBOARDS) {
      JsonObject d = dashboard(file);
      assertThat(d.getString("uid")).as(file).isEqualTo(file.replace(".json", ""));
      assertThat(d.getInteger("schemaVersion")).as(file).isGreaterThanOrEqualTo(36);
      assertThat(d.getJsonArray("__inputs").getJsonObject(0).getString("name"))
          .as(file)
          .isEqualTo("DS_PROMETHEUS");
      Set<String> ids = new TreeSet<>();
      for (Object o : panels(d)) {
        JsonObject panel = (JsonObject) o;
        assertThat(ids.add(String.valueOf(panel.getValue("id"))))
            .as(file + " unique panel ids")
            .isTrue();
        if (!"row".equals(panel.getString("type"))) {
          assertThat(panel.getJsonObject("datasource").getString("uid"))
              .as(file + " " + panel.getString("title"))
              .isEqualTo("${DS_PROMETHEUS}");
          assertThat(panel.getJsonArray("targets"))
              .as(file + " " + panel.getString("title"))
              .isNotEmpty();
        }
      }
    }
    assertThat(dashboard("gitops-gateway-tenant.json").encode()).contains("\"name\":\"tenant\"");
    assertThat(dashboard("gitops-gateway-cluster.json").encode()).contains("\"name\":\"cluster\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSidecarConfigMapCarriesTheDashboardsAsTheyAre() throws Exception {
    Map<String, Object> configMap =
        new org.yaml.snakeyaml.Yaml()
            .load(Files.readString(PrometheusTools.repoFile("grafana/dashboards-configmap.yaml")));
    assertThat(
            (Map<String, Object>) ((Map<String, Object>) configMap.get("metadata")).get("labels"))
        .containsEntry("grafana_dashboard", "1");
    Map<String, String> data = (Map<String, String>) configMap.get("data");
    assertThat(data.keySet()).containsExactlyInAnyOrderElementsOf(DASHBOARDS);
    for (String file : DASHBOARDS) {
      assertThat(new JsonObject(data.get(file)))
          .as(file + ": run scripts/grafana-dashboards.py")
          .isEqualTo(dashboard(file));
    }
  }

  static boolean uses(PanelQuery q, String family) {
    return Pattern.compile("\\b" + family + "(_bucket|_count|_sum|_max)?\\b")
        .matcher(q.expr())
        .find();
  }

  static List<PanelQuery> queries() {
    List<PanelQuery> all = new ArrayList<>();
    for (String file : DASHBOARDS) {
      for (Object o : panels(dashboard(file))) {
        JsonObject panel = (JsonObject) o;
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          all.add(
              new PanelQuery(file, panel.getString("title"), ((JsonObject) t).getString("expr")));
        }
      }
    }
    return all;
  }

  static JsonArray panels(JsonObject dashboard) {
    return dashboard.getJsonArray("panels");
  }

  static String queryText(JsonObject variable) {
    Object q = variable.getValue("query");
    return q instanceof JsonObject o ? o.getString("query") : (String) q;
  }

  static JsonObject dashboard(String file) {
    try {
      return new JsonObject(Files.readString(PrometheusTools.repoFile("grafana/" + file)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static JsonObject query(String promql) throws Exception {
    return gw.http
        .get(prometheus.port(), "127.0.0.1", "/api/v1/query")
        .addQueryParam("query", promql)
        .send()
        .await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
  }
}
