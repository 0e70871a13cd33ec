package io.gitops.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.Gateway;
import io.gitops.gateway.Launcher;
import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.store.EmbeddedServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything in one process, nothing to install: an embedded PostgreSQL, three simulated clusters
 * (dev, staging, prod), a Git repository made from the shipped examples, and a development OIDC
 * issuer. The gateway itself runs exactly as in production; only its surroundings are local.
 */
public final class DemoMode {
  public static final List<String> CLUSTERS = List.of("dev", "staging", "prod");

  public record Options(int port, Path dataDir, Map<String, String> env) {
    public static Options parse(String[] args, Map<String, String> env) {
      int port = 8080;
      Path dir = Path.of("demo-data");
      for (int i = 0; i < args.length - 1; i++) {
        if (args[i].equals("--port")) {
          port = Integer.parseInt(args[i + 1]);
        } else if (args[i].equals("--data-dir")) {
          dir = Path.of(args[i + 1]);
        }
      }
      return new Options(port, dir, env);
    }
  }

  /**
   * A running demo; {@link #close()} stops the gateway, the issuer, the clusters and PostgreSQL.
   */
  public record Running(
      Gateway gateway,
      Vertx vertx,
      DevIssuer issuer,
      List<SimulatedCluster> clusters,
      AutoCloseable postgres)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      try {
        gateway.close().eventually(issuer::close).await(60, TimeUnit.SECONDS);
      } finally {
        vertx
            .close()
            .await(30, TimeUnit.SECONDS); // awaited apart: nothing may complete on a closed Vertx
        clusters.forEach(SimulatedCluster::close);
        postgres.close();
      }
    }
  }

  private DemoMode() {}

  public static Running start(Options options, PrintStream out) throws Exception {
    Path data = options.dataDir().toAbsolutePath();
    Files.createDirectories(data);
    DemoFiles.extract("tenants", data.resolve("tenants"));
    Path repo = DemoFiles.repository(data.resolve("repo"));
    List<SimulatedCluster> clusters = new ArrayList<>();
    CLUSTERS.forEach(name -> clusters.add(SimulatedCluster.start(name)));
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = Launcher.vertx(metrics);
    AutoCloseable postgres = () -> {};
    try {
      DevIssuer issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
      GatewayConfig config =
          ConfigLoader.fromTree(tree(options, data, clusters), options.env(), true)
              .withOidc(new GatewayConfig.Oidc(issuer.issuer(), DevIssuer.AUDIENCE));
      GatewayConfig.Database db = config.database();
      if (db.embedded()) { // no GATEWAY_DATABASE_URL: the demo's own PostgreSQL, data kept in the
        // data folder
        EmbeddedServer server = EmbeddedServer.start(db.embeddedDataDir());
        postgres = server;
        config =
            config.withDatabase(
                new GatewayConfig.Database(
                    server.url(),
                    EmbeddedServer.USER,
                    EmbeddedServer.PASSWORD,
                    db.poolSize(),
                    db.embeddedDataDir()));
      }
      Gateway gateway = Gateway.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
      registerApps(gateway, "file://" + repo.toAbsolutePath().normalize())
          .await(60, TimeUnit.SECONDS);
      Map<String, String> urls = new LinkedHashMap<>();
      clusters.forEach(c -> urls.put(c.name(), c.url()));
      Path kubeconfig = DemoFiles.kubeconfig(data.resolve("kubeconfig"), urls);
      banner(out, gateway.port(), issuer.issuer(), repo, kubeconfig);
      return new Running(gateway, vertx, issuer, clusters, postgres);
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      clusters.forEach(SimulatedCluster::close);
      postgres.close();
      throw e;
    }
  }

  private static Map<String, Object> tree(
      Options options, Path data, List<SimulatedCluster> clusters) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("http", Map.of("port", options.port()));
    tree.put("database", Map.of("embedded-data-dir", data.resolve("postgres").toString()));
    // the demo's own repository folder is the only local path its apps may name, and file:// the
    // only extra scheme
    tree.put(
        "git",
        Map.of(
            "data-dir",
            data.resolve("git").toString(),
            "poll-interval-seconds",
            15,
            "allowed-schemes",
            java.util.List.of("https", "ssh", "file"),
            "allowed-local-paths",
            java.util.List.of(data.resolve("repo").toAbsolutePath().normalize().toString())));
    tree.put("tenants", Map.of("dir", data.resolve("tenants").toString()));
    tree.put("credentials", Map.of("key", demoCredentialsKey(data.resolve("credentials.key"))));
    List<Map<String, Object>> entries = new ArrayList<>();
    clusters.forEach(
        c -> entries.add(Map.of("name", c.name(), "server", c.url(), "token", "demo")));
    tree.put("clusters", entries);
    return tree;
  }

  /**
   * The demo's repository-credentials key: made once into its data folder, kept across restarts.
   */
  private static String demoCredentialsKey(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, CredentialCipher.newKey());
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
      }
      return Files.readString(file).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Registers the shipped example apps that are not registered yet (a restart keeps edits). */
  @SuppressWarnings("unchecked")
  private static Future<Void> registerApps(Gateway gateway, String repoUrl) throws Exception {
    List<Map<String, Object>> apps;
    try (InputStream in = DemoFiles.resource("apps.yaml")) {
      apps = new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
    }
    List<Future<?>> done = new ArrayList<>();
    for (Map<String, Object> entry : apps) {
      AppId id = AppId.of(String.valueOf(entry.get("tenant")), String.valueOf(entry.get("name")));
      JsonObject spec = new JsonObject((Map<String, Object>) entry.get("spec"));
      spec.getJsonObject("source").put("repoURL", repoUrl);
      AppSpec appSpec = AppJson.specFrom(id, spec);
      done.add(
          gateway
              .apps()
              .get(id)
              .compose(
                  existing ->
                      existing.isPresent()
                          ? Future.succeededFuture()
                          : gateway
                              .apps()
                              .upsert(appSpec)
                              .compose(v -> gateway.apps().get(id))
                              .compose(app -> gateway.loop().upserted(app.orElseThrow()))));
    }
    return Future.all(done).mapEmpty();
  }

  /** A path as one shell word: quoted when it holds anything but safe characters. */
  private static String shellWord(Path path) {
    String s = path.toString();
    return s.matches("[A-Za-z0-9_./:@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static void banner(PrintStream out, int port, String issuer, Path repo, Path kubeconfig) {
    String base = "http://localhost:" + port;
    out.println();
    out.println("gitops-gateway demo is ready");
    out.println(
        "  web UI     " + base + "/  (sign in as alice, bob, carol or dave; password = name)");
    out.println("  API        " + base + "/api/v1/tenants");
    out.println("  readiness  " + base + "/health/ready");
    out.println("  metrics    " + base + "/metrics");
    out.println("  Git repo   " + repo + "  (edit, commit, then POST .../refresh)");
    out.println(
        "  clusters   "
            + String.join(", ", CLUSTERS)
            + " (simulated), one kubectl context each; for kubectl:");
    out.println("    export KUBECONFIG=" + shellWord(kubeconfig));
    out.println("    kubectl --context prod -n team-a-guestbook get deployments");
    out.println("  for the README's \"Ten minutes with the demo\", in a second terminal:");
    out.println(
        "    export GATEWAY="
            + base
            + " ISSUER="
            + issuer
            + " DEMO_REPO="
            + shellWord(repo)
            + " KUBECONFIG="
            + shellWord(kubeconfig));
    out.println(
        "  DEVELOPMENT-ONLY OIDC issuer "
            + issuer
            + "; demo users alice (team-a admin), bob (team-b admin),");
    out.println(
        "  dave (team-a viewer), carol (operator); the password is the user name. Get a token:");
    out.println(
        "    TOKEN=$(curl -s -d username=alice -d password=alice "
            + issuer
            + "/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
    out.println(
        "    curl -H \"Authorization: Bearer $TOKEN\" "
            + base
            + "/api/v1/tenants/team-a/apps/guestbook-dev");
    out.println("  Ctrl-C stops everything.");
  }
}
