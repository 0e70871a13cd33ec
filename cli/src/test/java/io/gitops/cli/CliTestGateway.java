package io.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The gateway the CLI tests talk to: the gateway test tree's harness (embedded PostgreSQL, a
 * simulated cluster "dev", the development issuer) with tenant team-a, whose admins are the dev
 * issuer's group team-a-admins (alice), and a real Git repository on disk.
 */
final class CliTestGateway {
  static final String TENANT =
      """
      name: team-a
      roles:
        team-a-admins: admin
        team-a-viewers: viewer
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "team-a-*"
      """;

  private CliTestGateway() {}

  static GatewayHarness start(Path work) throws Exception {
    return GatewayHarness.start(work, Map.of("team-a", TENANT), List.of("dev"));
  }

  static String url(GatewayHarness gw) {
    return "http://localhost:" + gw.gateway.port();
  }

  static String adminToken(GatewayHarness gw) {
    return gw.token("alice", "team-a-admins");
  }

  static String deployment(String name, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
                - name: main
                  image: "%s"
        """
        .formatted(name, name, name, image);
  }

  /**
   * Registers app {@code name} of team-a on path apps/NAME of the repository at {@code repoUrl},
   * namespace team-a-NAME, automated sync or not, and has it fetch now.
   */
  static void register(GatewayHarness gw, String repoUrl, String name, boolean automated)
      throws Exception {
    JsonObject spec =
        new JsonObject()
            .put(
                "source",
                new JsonObject()
                    .put("repoURL", repoUrl)
                    .put("path", "apps/" + name)
                    .put("targetRevision", "main"))
            .put(
                "destination",
                new JsonObject().put("cluster", "dev").put("namespace", "team-a-" + name));
    if (automated) {
      spec.put(
          "syncPolicy", new JsonObject().put("automated", new JsonObject().put("prune", true)));
    }
    String path = "/api/v1/tenants/team-a/apps/" + name;
    var created = gw.call(HttpMethod.PUT, path, adminToken(gw), spec);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    var refreshed = gw.call(HttpMethod.POST, path + "/refresh", adminToken(gw), null);
    assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
  }

  static String commitImage(TestRepo repo, String app, String image) throws Exception {
    return repo.commit(
        "deploy " + image, Map.of("apps/" + app + "/deployment.yaml", deployment(app, image)));
  }
}
