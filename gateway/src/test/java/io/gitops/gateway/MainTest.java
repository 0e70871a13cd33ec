package io.gitops.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration ends the start with one clear line naming the key, and a non-zero exit. */
class MainTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  Runner serve(String yaml) throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, yaml);
    Files.createDirectories(dir.resolve("tenants"));
    return Main.run(
        new String[] {"serve", "--config", config.toString()},
        Map.of(),
        new PrintStream(out, true),
        new PrintStream(err, true));
  }

  String errorLine() {
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(text.lines().count()).as("exactly one line on stderr: %s", text).isEqualTo(1);
    assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
    return text;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void invalidYamlNamesTheFileAndLine() throws Exception {
    Runner r = serve("http:\n  port: [8080\n");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(errorLine()).contains("gateway.yaml").contains("invalid YAML at line");
  }

  @Test
  void missingDatabaseUrlNamesTheKey() throws Exception {
    Runner r = serve("oidc:\n  issuer: http://localhost:1\n");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(errorLine()).contains("database.url: is required");
  }

  @Test
  void aMisspeltKeyIsRefusedNamingItAndTheKnownOnes() throws Exception {
    Runner r =
        serve(
            "database:\n  url: postgresql://localhost:1/g\noidc:\n  issuer: http://localhost:1\n  audiance: x\n");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(errorLine())
        .contains("oidc.audiance: is not a setting of the gateway")
        .contains("known under 'oidc': ")
        .contains("audience");
  }

  @Test
  void aClusterEntryWithTwoWaysToConnectIsRefused() throws Exception {
    Runner r =
        serve(
            "database:\n  url: postgresql://localhost:1/g\noidc:\n  issuer: http://localhost:1\n"
                + "clusters:\n  - {name: a, server: https://x, context: kind-a}\n");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(errorLine()).contains("clusters[0]").contains("not several");
  }

  @Test
  void unreachablePostgresIsOneLineNamingTheDatabase() throws Exception {
    int port = freePort();
    Runner r =
        serve(
            """
        database:
          url: postgresql://localhost:%d/gitops
          user: gitops
        oidc:
          issuer: http://localhost:1
        tenants:
          dir: %s
        """
                .formatted(port, dir.resolve("tenants")));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_START);
    assertThat(errorLine()).contains("database.url").contains("localhost:" + port);
  }

  @Test
  void missingKubeconfigContextNamesTheClusterEntry() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: real
            cluster: {server: "https://127.0.0.1:6443"}
        contexts:
          - name: real
            context: {cluster: real, user: admin}
        users:
          - name: admin
            user: {token: secret-token}
        current-context: real
        """);
    Runner r =
        serve(
            """
        database:
          url: postgresql://localhost:1/gitops
        oidc:
          issuer: http://localhost:1
        tenants:
          dir: %s
        clusters:
          - name: prod
            kubeconfig: %s
            context: does-not-exist
        """
                .formatted(dir.resolve("tenants"), kubeconfig));
    assertThat(r.exitCode()).isNotZero();
    assertThat(errorLine())
        .contains("clusters[0].context")
        .contains("does-not-exist")
        .doesNotContain("secret-token");
  }

  @Test
  void environmentOverridesAKeyAndIsValidatedLikeTheFile() throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        "database:\n  url: postgresql://localhost:1/x\noidc:\n  issuer: http://localhost:1\n");
    Runner r =
        Main.run(
            new String[] {"serve", "--config", config.toString()},
            Map.of("GATEWAY_HTTP_PORT", "eighty"),
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(errorLine()).contains("http.port: must be a whole number, got 'eighty'");
  }

  @Test
  void anInvalidConditionRulesFileNamesTheKeyAndTheRule() throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n  - group: example.com\n    kind: Widget\n    conditions:\n      - {type: Ready, status: 'True', health: Fine}\n");
    Runner r =
        serve(
            """
        database:
          url: postgresql://localhost:1/gitops
        oidc:
          issuer: http://localhost:1
        tenants:
          dir: %s
        health:
          condition-rules: %s
        """
                .formatted(dir.resolve("tenants"), rules));
    assertThat(r.exitCode()).isNotZero();
    assertThat(errorLine()).contains("health.condition-rules").contains("Fine");
  }

  @Test
  void checkHealthScriptsPassesOnTheShippedFolderAndFailsOnAMissingOne() {
    Runner ok =
        Main.run(
            new String[] {
              "check-health-scripts",
              Path.of(System.getProperty("gitops.root", ".."), "health-scripts").toString()
            },
            Map.of(),
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertThat(ok.exitCode()).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("PASS");
    Runner missing =
        Main.run(
            new String[] {"check-health-scripts", dir.resolve("nope").toString()},
            Map.of(),
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertThat(missing.exitCode()).isNotZero();
  }

  @Test
  void unknownCommandPrintsUsage() {
    Runner r =
        Main.run(
            new String[] {"frobnicate"},
            Map.of(),
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: gitops-gateway demo");
  }
}
