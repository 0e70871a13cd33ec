package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference graphql-ws JavaScript client, run with the machine's Node.js, subscribes to the
 * gateway and receives a status change. Skipped with a message when node or npm is missing or the
 * npm install fails (no registry); GraphQLApiTest covers the same path with a Java client.
 */
class GraphQLNodeClientTest {
  static final Path CLIENT_DIR = Path.of("target", "graphql-ws-client");

  @TempDir Path work;

  @Test
  void theReferenceGraphqlWsClientReceivesStatusChanges() throws Exception {
    Assumptions.assumeTrue(
        installClient(),
        "node/npm missing or `npm install graphql-ws@5 ws graphql` failed: skipping the JS client test");
    try (GatewayHarness gw =
        GatewayHarness.start(work, Map.of("shop", GraphQLApiTest.SHOP), List.of("dev"))) {
      String token = gw.token("ann", "shop-admins");
      var created =
          gw.call(
              HttpMethod.POST,
              "/graphql",
              token,
              new JsonObject().put("query", GraphQLApiTest.create("shop", "node-web")));
      assertThat(created.bodyAsJsonObject().getValue("errors")).isNull();

      Process node =
          new ProcessBuilder(
                  "node",
                  CLIENT_DIR.resolve("subscribe.js").toAbsolutePath().toString(),
                  "ws://localhost:" + gw.gateway.port() + "/graphql",
                  token,
                  "subscription { appStatusChanged(filter: {tenant: \"shop\"}) { seq app message } }")
              .directory(CLIENT_DIR.toFile())
              .redirectErrorStream(true)
              .start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> readLines(node.getInputStream(), lines), "node-output");
      reader.setDaemon(true);
      reader.start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> lines.stream().anyMatch(l -> l.contains("\"connected\"")) || !node.isAlive());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  gw.vertx
                      .eventBus()
                      .publish(
                          Addresses.APP_STATUS,
                          new Messages.StatusChanged(
                              AppId.of("shop", "node-web"),
                              new AppStatus(
                                  SyncStatus.SYNCED,
                                  HealthStatus.HEALTHY,
                                  "",
                                  "abc",
                                  "from the node test",
                                  List.of(),
                                  java.time.Instant.now())));
                  return lines.stream().anyMatch(l -> l.contains("from the node test"))
                      || !node.isAlive();
                });
        assertThat(lines)
            .as(String.join("\n", lines))
            .anyMatch(l -> l.contains("\"data\"") && l.contains("from the node test"));
      } finally {
        node.destroy();
        node.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean installClient() throws IOException, InterruptedException {
    if (!onPath("node") || !onPath("npm")) {
      return false;
    }
    Files.createDirectories(CLIENT_DIR);
    try (InputStream script =
        GraphQLNodeClientTest.class.getResourceAsStream("/graphql-ws/subscribe.js")) {
      Files.write(CLIENT_DIR.resolve("subscribe.js"), script.readAllBytes());
    }
    if (Files.isDirectory(CLIENT_DIR.resolve("node_modules/graphql-ws"))) {
      return true;
    }
    Process npm =
        new ProcessBuilder(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "graphql-ws@5",
                "ws@8",
                "graphql@16")
            .directory(CLIENT_DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0;
  }

  private static boolean onPath(String command) {
    try {
      Process p =
          new ProcessBuilder(command, "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void readLines(InputStream in, List<String> lines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("read failed: " + e);
    }
  }
}
