package io.gitops.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private final ChildProcess child;
  private final int port;
  private final Path jfr;

  private GatewayProcess(ChildProcess child, int port, Path jfr) {
    this.child = child;
    this.port = port;
    this.jfr = jfr;
  }

  public static GatewayProcess start(
      Options o,
      Path work,
      Path reposRoot,
      String databaseUrl,
      String issuer,
      Map<String, String> clusterUrls)
      throws IOException, InterruptedException {
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
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + o.gatewayHeap(), "-XX:+UseG1GC"));
    Path jfr = null;
    if (o.jfr()) {
      jfr = work.resolve("gateway.jfr");
      jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
    }
    jvm.add("-jar");
    jvm.add(o.gatewayJar().toString());
    ChildProcess child =
        ChildProcess.java(
            "gateway",
            jvm,
            List.of("serve", "--config", config.toString()),
            work.resolve("gateway.log"));
    try {
      int port = Integer.parseInt(child.await(LISTENING, Duration.ofMinutes(5)).group(1));
      return new GatewayProcess(child, port, jfr);
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

  @Override
  public void close() {
    child.close();
  }
}
