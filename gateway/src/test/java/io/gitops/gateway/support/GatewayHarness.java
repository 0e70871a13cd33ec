package io.gitops.gateway.support;

import io.gitops.gateway.Gateway;
import io.gitops.gateway.Launcher;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.store.EmbeddedServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole gateway on real parts for a test: embedded PostgreSQL, simulated clusters, a dev OIDC
 * issuer, tenants from files; and a real HTTP client to talk to it as a user would.
 */
public final class GatewayHarness implements AutoCloseable {
  public final Vertx vertx;
  public final DevIssuer issuer;
  public final Gateway gateway;
  public final WebClient http;
  public final Map<String, SimulatedCluster> clusters;

  private final EventLoopWatch watch;

  private final Extras extras;

  /** Started here, not by the gateway: the server's jar has no embedded PostgreSQL. */
  private final EmbeddedServer postgres;

  private GatewayHarness(
      Vertx vertx,
      DevIssuer issuer,
      Gateway gateway,
      Map<String, SimulatedCluster> clusters,
      EventLoopWatch watch,
      Extras extras,
      EmbeddedServer postgres) {
    this.postgres = postgres;
    this.watch = watch;
    this.extras = extras;
    this.vertx = vertx;
    this.issuer = issuer;
    this.gateway = gateway;
    this.clusters = clusters;
    this.http = WebClient.create(vertx);
  }

  /**
   * Starts with one tenant file per entry of {@code tenants} (name → YAML) and the named clusters.
   */
  public static GatewayHarness start(
      Path workDir, Map<String, String> tenants, List<String> clusterNames) throws Exception {
    return start(workDir, tenants, clusterNames, List.of(), null, Map.of());
  }

  /**
   * Also registers {@code otherClusters}: configuration entries for clusters the test runs itself
   * (a real API server).
   */
  public static GatewayHarness start(
      Path workDir,
      Map<String, String> tenants,
      List<String> clusterNames,
      List<Map<String, Object>> otherClusters)
      throws Exception {
    return start(workDir, tenants, clusterNames, otherClusters, null, Map.of());
  }

  /**
   * As above, trusting the OIDC issuer at {@code issuerUrl} instead of the dev issuer (null: the
   * dev issuer).
   */
  public static GatewayHarness start(
      Path workDir, Map<String, String> tenants, List<String> clusterNames, String issuerUrl)
      throws Exception {
    return start(workDir, tenants, clusterNames, List.of(), issuerUrl, Map.of());
  }

  /**
   * As above, with extra top-level configuration sections (e.g. {@code webhooks}) put over the
   * defaults.
   */
  public static GatewayHarness start(
      Path workDir,
      Map<String, String> tenants,
      List<String> clusterNames,
      Map<String, Object> extraConfig)
      throws Exception {
    return start(workDir, tenants, clusterNames, List.of(), null, extraConfig);
  }

  public static GatewayHarness start(
      Path workDir,
      Map<String, String> tenants,
      List<String> clusterNames,
      List<Map<String, Object>> otherClusters,
      String issuerUrl,
      Map<String, Object> extraConfig)
      throws Exception {
    return start(
        workDir,
        tenants,
        clusterNames,
        extraConfig,
        java.time.Clock.systemUTC(),
        otherClusters,
        issuerUrl);
  }

  /**
   * As above, judging sync windows by {@code clock} (e.g. the system clock shifted to just before a
   * window closes).
   */
  public static GatewayHarness start(
      Path workDir,
      Map<String, String> tenants,
      List<String> clusterNames,
      Map<String, Object> extraConfig,
      java.time.Clock clock)
      throws Exception {
    return start(workDir, tenants, clusterNames, extraConfig, clock, List.of(), null);
  }

  private static GatewayHarness start(
      Path workDir,
      Map<String, String> tenants,
      List<String> clusterNames,
      Map<String, Object> extraConfig,
      java.time.Clock clock,
      List<Map<String, Object>> otherClusters,
      String issuerUrl)
      throws Exception {
    Path tenantsDir = Files.createDirectories(workDir.resolve("tenants"));
    for (var t : tenants.entrySet()) {
      Files.writeString(tenantsDir.resolve(t.getKey() + ".yaml"), t.getValue());
    }
    Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    clusterNames.forEach(n -> clusters.put(n, SimulatedCluster.start(n)));
    return start(
        workDir, tenantsDir, clusters, new Extras(otherClusters, issuerUrl, extraConfig, clock));
  }

  /** What a test adds to the defaults; kept so that a restart starts the same gateway. */
  private record Extras(
      List<Map<String, Object>> otherClusters,
      String issuerUrl,
      Map<String, Object> config,
      java.time.Clock clock) {}

  /**
   * Stops this gateway (its PostgreSQL included, data kept) but not the simulated clusters, and
   * starts a new one on the same data and clusters: a restart of the process as the clusters see
   * it.
   */
  public GatewayHarness restart(Path workDir) throws Exception {
    try {
      gateway.close().eventually(issuer::close).await(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      postgres.close();
    }
    watch.assertNeverBlocked();
    return start(workDir, workDir.resolve("tenants"), clusters, extras);
  }

  private static GatewayHarness start(
      Path workDir, Path tenantsDir, Map<String, SimulatedCluster> clusters, Extras extras)
      throws Exception {
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = Launcher.vertx(metrics);
    EventLoopWatch watch = EventLoopWatch.on(vertx);
    DevIssuer issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("http", Map.of("port", 0, "host", "localhost"));
    tree.put("database", Map.of("embedded-data-dir", workDir.resolve("postgres").toString()));
    Map<String, Object> git =
        new LinkedHashMap<>(
            Map.of("data-dir", workDir.resolve("git").toString(), "poll-interval-seconds", 3600));
    git.putAll(
        TestSources.allowances(
            workDir)); // file:// repos in the work folder, Git servers on loopback
    tree.put("git", git);
    tree.put("tenants", Map.of("dir", tenantsDir.toString()));
    tree.put("kube", Map.of("probe-interval-seconds", 1));
    List<Map<String, Object>> entries = new ArrayList<>();
    clusters
        .values()
        .forEach(c -> entries.add(Map.of("name", c.name(), "server", c.url(), "token", "test")));
    entries.addAll(extras.otherClusters());
    tree.put("clusters", entries);
    tree.putAll(extras.config());
    GatewayConfig config =
        ConfigLoader.fromTree(tree, Map.of(), true)
            .withOidc(
                new GatewayConfig.Oidc(
                    extras.issuerUrl() == null ? issuer.issuer() : extras.issuerUrl(),
                    DevIssuer.AUDIENCE));
    GatewayConfig.Database db = config.database();
    EmbeddedServer postgres = EmbeddedServer.start(db.embeddedDataDir());
    try {
      config =
          config.withDatabase(
              new GatewayConfig.Database(
                  postgres.url(),
                  EmbeddedServer.USER,
                  EmbeddedServer.PASSWORD,
                  db.poolSize(),
                  db.embeddedDataDir()));
      Gateway gateway =
          Gateway.start(vertx, config, metrics, extras.clock()).await(120, TimeUnit.SECONDS);
      return new GatewayHarness(vertx, issuer, gateway, clusters, watch, extras, postgres);
    } catch (Exception e) {
      postgres.close();
      throw e;
    }
  }

  /** The app as the REST API returns it (GET /api/v1/tenants/{t}/apps/{a}), asserting a 200. */
  public JsonObject app(String tenant, String app, String token) throws Exception {
    var response = call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/apps/" + app, token, null);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET app "
              + tenant
              + "/"
              + app
              + ": "
              + response.statusCode()
              + " "
              + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** The status of one object of an app, by kind and name. */
  public static JsonObject resource(JsonObject app, String kind, String name) {
    for (Object o : app.getJsonObject("status").getJsonArray("resources")) {
      JsonObject r = (JsonObject) o;
      if (kind.equals(r.getString("kind")) && name.equals(r.getString("name"))) {
        return r;
      }
    }
    throw new AssertionError(
        "no " + kind + "/" + name + " in " + app.getJsonObject("status").encodePrettily());
  }

  public static String syncStatus(JsonObject app) {
    return app.getJsonObject("status").getJsonObject("sync").getString("status");
  }

  public static String health(JsonObject app) {
    return app.getJsonObject("status").getJsonObject("health").getString("status");
  }

  public String token(String subject, String... groups) {
    return issuer.token(subject, List.of(groups), 600);
  }

  /** A blocking HTTP call for test code (never on an event loop). */
  public HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body)
      throws Exception {
    var request = http.request(method, gateway.port(), "localhost", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return (body == null ? request.send() : request.sendJsonObject(body))
        .await(60, TimeUnit.SECONDS);
  }

  /**
   * The sum of one Prometheus sample over all its label sets, e.g. {@code
   * gitops_render_duration_seconds_count}.
   */
  public double metricSum(String sample) throws Exception {
    String text = call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    var m =
        java.util.regex.Pattern.compile("(?m)^" + sample + "(\\{[^}]*\\})? ([0-9.E+-]+)$")
            .matcher(text);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  @Override
  public void close() throws Exception {
    try {
      gateway.close().eventually(issuer::close).await(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      clusters.values().forEach(SimulatedCluster::close);
      postgres.close();
    }
    watch.assertNeverBlocked();
  }
}
