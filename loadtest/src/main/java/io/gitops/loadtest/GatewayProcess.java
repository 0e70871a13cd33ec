package io.gitops.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as an operator runs it: {@code java -jar gitops-gateway.jar serve --config
 * gateway.yaml}, with a generated configuration (README "Production mode"), tenant files, the
 * clusters of the farm, PostgreSQL and the OIDC issuer the harness started.
 */
public final class GatewayProcess implements AutoCloseable {
  public static final String WEBHOOK_SECRET = "loadtest-webhook-secret-0123456789";
  private static final Pattern LISTENING =
      Pattern.compile("gitops-gateway listening on http://localhost:(\\d+)");

  /**
   * With {@code replicas.enabled} the gateway logs the member id it claims apps under ({@code
   * app_owners.owner}); the harness maps owners to processes with it.
   */
  private static final Pattern REPLICA = Pattern.compile("replica (\\S+) of \\d+: ");

  private final String name;
  private final ChildProcess child;
  private final int port;
  private final String replicaId;
  private final Path jfr;

  private GatewayProcess(String name, ChildProcess child, int port, String replicaId, Path jfr) {
    this.name = name;
    this.child = child;
    this.port = port;
    this.replicaId = replicaId;
    this.jfr = jfr;
  }

  /**
   * Writes the configuration every replica shares ({@code gateway.yaml}) and the tenant files; the
   * configuration's path.
   */
  public static Path writeConfig(
      Options o,
      Path work,
      Path reposRoot,
      String databaseUrl,
      String issuer,
      Map<String, String> clusterUrls)
      throws IOException {
    if (!Files.isRegularFile(o.gatewayJar())) {
      throw new IllegalArgumentException(
          "no gateway jar at "
              + o.gatewayJar()
              + ": build it (mvn -B -pl loadtest -am package -DskipTests) or give --gateway-jar");
    }
    Path tenants = Files.createDirectories(work.resolve("tenants"));
    for (int t = 0; t < o.tenants(); t++) {
      Files.writeString(tenants.resolve("t" + t + ".yaml"), tenantFile("t" + t));
    }
    Path config = work.resolve("gateway.yaml");
    Files.writeString(config, config(work, reposRoot, databaseUrl, issuer, tenants, clusterUrls));
    return config;
  }

  /**
   * {@code java -jar gitops-gateway.jar serve --config CONFIG} with {@code env} (a replica's own
   * ports and members; empty for one process); {@code name} names its log ({@code NAME.log}) and
   * JFR recording. Returns once it listens (and, as a replica, once it named its member id).
   */
  public static GatewayProcess start(
      Options o, Path work, Path config, String name, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + o.gatewayHeap(), "-XX:+UseG1GC"));
    Path jfr = null;
    if (o.jfr()) {
      jfr = work.resolve(name + ".jfr");
      jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
    }
    jvm.add("-jar");
    jvm.add(o.gatewayJar().toString());
    ChildProcess child =
        ChildProcess.java(
            name,
            jvm,
            List.of("serve", "--config", config.toString()),
            work.resolve(name + ".log"),
            env);
    try {
      Pattern either = Pattern.compile(LISTENING.pattern() + "|" + REPLICA.pattern());
      boolean replica = "true".equals(env.get("GATEWAY_REPLICAS_ENABLED"));
      Integer port = null;
      String replicaId = null;
      while (port == null) {
        Matcher m = child.await(either, Duration.ofMinutes(5));
        if (m.group(1) != null) {
          port = Integer.parseInt(m.group(1));
        } else {
          replicaId = m.group(2);
        }
      }
      if (replica && replicaId == null) {
        // Logged while the gateway starts, before it listens; a gateway that names no member id
        // (one without ownership) runs on, and owners then show as ids no replica has.
        try {
          replicaId = child.await(REPLICA, Duration.ofSeconds(5)).group(1);
        } catch (IllegalStateException e) {
          replicaId = "unknown-" + name;
        }
      }
      return new GatewayProcess(name, child, port, replicaId, jfr);
    } catch (RuntimeException | InterruptedException e) {
      child.close();
      throw e;
    }
  }

  static String tenantFile(String name) {
    return """
        name: %s
        displayName: Load test %s
        roles:
          %s-admins: admin
          %s-viewers: viewer
        sourceRepos: ["*"]
        destinations:
          - {cluster: "*", namespace: "lt-*"}
        """
        .formatted(name, name, name, name);
  }

  static String config(
      Path work,
      Path reposRoot,
      String databaseUrl,
      String issuer,
      Path tenants,
      Map<String, String> clusterUrls) {
    StringBuilder y = new StringBuilder();
    y.append("http: {host: localhost, port: 0}\n");
    y.append("database: {url: \"")
        .append(databaseUrl)
        .append("\", user: postgres, password: postgres}\n");
    y.append("oidc: {issuer: \"").append(issuer).append("\", audience: gitops-gateway}\n");
    y.append("git:\n");
    y.append("  data-dir: \"").append(work.resolve("gateway-git")).append("\"\n");
    // Pushes arrive as webhooks; the poll is the fallback a user keeps long at this scale.
    y.append("  poll-interval-seconds: 3600\n");
    y.append("  allowed-schemes: [file]\n");
    y.append("  allowed-local-paths: [\"").append(reposRoot).append("\"]\n");
    y.append("tenants: {dir: \"").append(tenants).append("\"}\n");
    y.append("webhooks: {github-secret: \"").append(WEBHOOK_SECRET).append("\"}\n");
    y.append("clusters:\n");
    clusterUrls.forEach(
        (name, url) ->
            y.append("  - {name: ")
                .append(name)
                .append(", server: \"")
                .append(url)
                .append("\", token: loadtest}\n"));
    return y.toString();
  }

  public String name() {
    return name;
  }

  /**
   * The member id this replica claims apps under ({@code app_owners.owner}); null for one process.
   */
  public String replicaId() {
    return replicaId;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return child.pid();
  }

  public boolean isAlive() {
    return child.isAlive();
  }

  public String lastLines() {
    return child.lastLines();
  }

  /** Where the JFR recording is written when the gateway stops ({@code --jfr}), or null. */
  public Path jfr() {
    return jfr;
  }

  /** {@code kill -9}: gone at once, nothing said to the other replicas. */
  public void kill() throws InterruptedException {
    child.kill();
  }

  /**
   * A graceful stop (SIGTERM: the gateway leaves the cluster and closes), then SIGKILL after 60 s.
   */
  @Override
  public void close() {
    child.close();
  }
}
