package io.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops app import -f FILE [--dry-run]} as a process against a running gateway: the dry run
 * creates nothing and names what is left out, the import creates the apps, and a file with a
 * cluster-scoped object in it is refused (exit 2, the field named) with nothing created.
 */
class CliImportTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String server;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    gw = CliTestGateway.start(work);
    server = CliTestGateway.url(gw);
    repo = TestRepo.create(work.resolve("repo"));
    CliTestGateway.commitImage(repo, "web", "example/web:1");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  CliRun alice() {
    return new CliRun(home, Map.of())
        .with(
            Map.of(
                "GITOPS_SERVER",
                server,
                "GITOPS_TOKEN",
                CliTestGateway.adminToken(gw),
                "GITOPS_TENANT",
                "team-a"));
  }

  String application(String name) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: %s, namespace: argocd}
        spec:
          project: default
          source: {repoURL: "%s", path: web, targetRevision: main}
          destination: {server: "https://kubernetes.default.svc", namespace: team-a-%s}
          syncPolicy: {automated: {prune: true}}
        """
        .formatted(name, repo.url(), name);
  }

  int appStatus(String name) throws Exception {
    return gw.call(
            HttpMethod.GET,
            "/api/v1/tenants/team-a/apps/" + name,
            CliTestGateway.adminToken(gw),
            null)
        .statusCode();
  }

  @Test
  void aDryRunShowsTheMappingThenTheImportCreatesTheApps() throws Exception {
    Path file = home.resolve("apps.yaml");
    Files.writeString(file, application("shop") + "---\n" + application("cart"));

    var dry = alice().run("app", "import", "-f", file.toString(), "--dry-run", "--cluster", "dev");
    dry.expect(0);
    assertThat(dry.out())
        .contains("would import shop")
        .contains("would import cart")
        .contains("not taken over: spec.project")
        .contains("not taken over: spec.destination.server")
        .contains("dry run: nothing was created");
    assertThat(appStatus("shop")).isEqualTo(404);

    var done =
        alice()
            .run("app", "import", "-f", file.toString(), "--cluster", "dev", "-o", "json")
            .expect(0);
    JsonNode answer = JSON.readTree(done.out());
    assertThat(answer.path("dryRun").asBoolean()).isFalse();
    assertThat(answer.path("items")).hasSize(2);
    assertThat(appStatus("shop")).isEqualTo(200);
    assertThat(appStatus("cart")).isEqualTo(200);
    var listed = alice().run("app", "list", "-o", "json").expect(0);
    assertThat(listed.out()).contains("\"shop\"").contains("\"cart\"");
  }

  @Test
  void aFileWithAClusterScopedObjectIsRefusedAndNothingIsCreated() throws Exception {
    Path file = home.resolve("hostile.yaml");
    Files.writeString(
        file,
        application("sneaky")
            + """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: everything}
            rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
            """);
    var r = alice().run("app", "import", "-f", file.toString(), "--cluster", "dev");
    r.expect(2);
    assertThat(r.err()).contains("documents[1].kind").contains("nothing was imported");
    assertThat(appStatus("sneaky")).isEqualTo(404);
  }

  @Test
  void anImportedMultiSourceAppShowsEverySourceWithItsChartInAppGet() throws Exception {
    Path file = home.resolve("multi.yaml");
    Files.writeString(
        file,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: cache}
        spec:
          sources:
            - repoURL: https://charts.example.com/stable
              chart: redis
              targetRevision: 19.x
              helm: {valueFiles: [$values/redis/prod.yaml]}
            - {repoURL: "%s", targetRevision: main, ref: values}
          destination: {name: dev, namespace: team-a-cache}
        """
            .formatted(repo.url()));
    alice().run("app", "import", "-f", file.toString()).expect(0);

    var table = alice().run("app", "get", "cache").expect(0);
    assertThat(table.out())
        .contains(
            "Source 1/2   https://charts.example.com/stable chart redis @ 19.x values:"
                + " $values/redis/prod.yaml")
        .contains("Source 2/2   " + repo.url() + " @ main (ref values)");

    JsonNode json = JSON.readTree(alice().run("app", "get", "cache", "-o", "json").expect(0).out());
    JsonNode sources = json.path("spec").path("sources");
    assertThat(sources).hasSize(2);
    assertThat(sources.get(0).path("chart").asText()).isEqualTo("redis");
    assertThat(sources.get(0).path("targetRevision").asText()).isEqualTo("19.x");
    assertThat(sources.get(1).path("ref").asText()).isEqualTo("values");
    assertThat(alice().run("app", "get", "cache", "-o", "yaml").expect(0).out())
        .contains("chart: redis")
        .contains("ref: values");
  }
}
