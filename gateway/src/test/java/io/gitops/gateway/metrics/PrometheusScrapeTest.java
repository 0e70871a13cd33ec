package io.gitops.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics as Prometheus itself sees them: `promtool check metrics` finds nothing to complain
 * about, and a real Prometheus (Debian's, from scripts/prometheus-tools.sh) scrapes the running
 * gateway and answers a query over its gauges. Skipped with a message when the binaries are absent
 * (failed instead when PROMETHEUS_REQUIRED=true, as in CI).
 */
class PrometheusScrapeTest {
  @TempDir static Path work;
  static Path bin;
  static GatewayHarness gw;
  static TestRepo repo;
  static Process prometheus;

  @BeforeAll
  static void start() throws Exception {
    String dir =
        System.getenv()
            .getOrDefault(
                "PROMETHEUS_BIN_DIR",
                System.getProperty("user.home") + "/.cache/gitops-gateway/prometheus/usr/bin");
    bin = Path.of(dir);
    boolean present =
        Files.isExecutable(bin.resolve("prometheus"))
            && Files.isExecutable(bin.resolve("promtool"));
    if (!present && "true".equals(System.getenv("PROMETHEUS_REQUIRED"))) {
      throw new IllegalStateException(
          "prometheus and promtool not found in " + bin + " (run scripts/prometheus-tools.sh)");
    }
    Assumptions.assumeTrue(
        present,
        "prometheus and promtool not found in "
            + bin
            + ": run scripts/prometheus-tools.sh, or set PROMETHEUS_BIN_DIR");
    gw =
        GatewayHarness.start(
            work,
            Map.of(
                "obs",
                """
        name: obs
        roles: {obs-admins: admin}
        sourceRepos: ["*"]
        destinations: [{cluster: dev, namespace: obs}]
        """),
            List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "cm",
        Map.of(
            "a/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n"));
    String token = gw.token("oz", "obs-admins");
    gw.call(
        HttpMethod.PUT,
        "/api/v1/tenants/obs/apps/a",
        token,
        AppSpecs.of(repo.url(), "a", "dev", "obs")
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject())));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> GatewayHarness.syncStatus(gw.app("obs", "a", token)).equals("Synced"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor(10, TimeUnit.SECONDS);
    }
    if (gw != null) {
      gw.close();
      repo.close();
    }
  }

  @Test
  void promtoolFindsNoProblemInTheExposition() throws Exception {
    String scrape = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    Process check =
        new ProcessBuilder(bin.resolve("promtool").toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    check.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // promtool lints JVM and Vert.x meters too; our own (gitops_*) must be clean.
    assertThat(report.lines().filter(l -> l.startsWith("gitops_"))).as(report).isEmpty();
  }

  @Test
  void aRealPrometheusScrapesTheGatewayAndAnswersAQuery() throws Exception {
    int port = freePort();
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: {scrape_interval: 1s}
        scrape_configs:
          - job_name: gateway
            static_configs: [{targets: ["localhost:%d"]}]
        """
            .formatted(gw.gateway.port()));
    prometheus =
        new ProcessBuilder(
                bin.resolve("prometheus").toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();

    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonArray result = query(port, "gitops_apps{tenant=\"obs\",sync_status=\"Synced\"}");
              assertThat(result).hasSize(1);
              assertThat(result.getJsonObject(0).getJsonArray("value").getString(1)).isEqualTo("1");
            });
    assertThat(
            query(port, "up{job=\"gateway\"}").getJsonObject(0).getJsonArray("value").getString(1))
        .isEqualTo("1");
  }

  static JsonArray query(int port, String promql) throws Exception {
    var response =
        gw.http
            .get(port, "127.0.0.1", "/api/v1/query")
            .addQueryParam("query", promql)
            .send()
            .await(10, TimeUnit.SECONDS);
    return response.bodyAsJsonObject().getJsonObject("data").getJsonArray("result");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
