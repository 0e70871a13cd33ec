package io.gitops.gateway.support;

import io.gitops.gateway.Gateway;
import io.gitops.gateway.Launcher;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.sim.SimulatedCluster;
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

  private GatewayHarness(Vertx vertx, DevIssuer issuer, Gateway gateway, Map<String, SimulatedCluster> clusters) {
    this.vertx = vertx;
    this.issuer = issuer;
    this.gateway = gateway;
    this.clusters = clusters;
    this.http = WebClient.create(vertx);
  }

  /** Starts with one tenant file per entry of {@code tenants} (name → YAML) and the named clusters. */
  public static GatewayHarness start(Path workDir, Map<String, String> tenants, List<String> clusterNames) throws Exception {
    Path tenantsDir = Files.createDirectories(workDir.resolve("tenants"));
    for (var t : tenants.entrySet()) {
      Files.writeString(tenantsDir.resolve(t.getKey() + ".yaml"), t.getValue());
    }
    Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    clusterNames.forEach(n -> clusters.put(n, SimulatedCluster.start(n)));
    return start(workDir, tenantsDir, clusters);
  }

  /**
   * Stops this gateway (its PostgreSQL included, data kept) but not the simulated clusters, and starts
   * a new one on the same data and clusters: a restart of the process as the clusters see it.
   */
  public GatewayHarness restart(Path workDir) throws Exception {
    try {
      gateway.close().eventually(issuer::close).await(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    return start(workDir, workDir.resolve("tenants"), clusters);
  }

  private static GatewayHarness start(Path workDir, Path tenantsDir, Map<String, SimulatedCluster> clusters) throws Exception {
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = Launcher.vertx(metrics);
    DevIssuer issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("http", Map.of("port", 0, "host", "localhost"));
    tree.put("database", Map.of("embedded-data-dir", workDir.resolve("postgres").toString()));
    tree.put("git", Map.of("data-dir", workDir.resolve("git").toString(), "poll-interval-seconds", 3600));
    tree.put("tenants", Map.of("dir", tenantsDir.toString()));
    List<Map<String, Object>> entries = new ArrayList<>();
    clusters.values().forEach(c -> entries.add(Map.of("name", c.name(), "server", c.url(), "token", "test")));
    tree.put("clusters", entries);
    GatewayConfig config = ConfigLoader.fromTree(tree, Map.of(), true)
        .withOidc(new GatewayConfig.Oidc(issuer.issuer(), DevIssuer.AUDIENCE));
    Gateway gateway = Gateway.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
    return new GatewayHarness(vertx, issuer, gateway, clusters);
  }

  public String token(String subject, String... groups) {
    return issuer.token(subject, List.of(groups), 600);
  }

  /** A blocking HTTP call for test code (never on an event loop). */
  public HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    var request = http.request(method, gateway.port(), "localhost", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      gateway.close().eventually(issuer::close).await(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      clusters.values().forEach(SimulatedCluster::close);
    }
  }
}
