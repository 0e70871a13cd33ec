package io.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops appset list|get}, {@code gitops env} and {@code gitops env compare}, process by
 * process against a running gateway: an app set over clusters dev and prod, prod one commit behind.
 */
class CliAppSetsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final YAMLMapper YAML = new YAMLMapper();
  static final String TENANT =
      """
      name: team-a
      roles: {team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: "team-a-*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String first;
  static String second;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("team-a", TENANT), List.of("dev", "prod"));
    repo = TestRepo.create(work.resolve("repo"));
    first = CliTestGateway.commitImage(repo, "web", "example/web:1");
    second = CliTestGateway.commitImage(repo, "web", "example/web:2");
    JsonObject template =
        new JsonObject()
            .put("name", "web-{{cluster}}")
            .put(
                "source",
                new JsonObject()
                    .put("repoURL", repo.url())
                    .put("path", "apps/web")
                    .put("targetRevision", "{{rev}}"))
            .put(
                "destination",
                new JsonObject().put("cluster", "{{cluster}}").put("namespace", "team-a-web"))
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    JsonArray elements =
        new JsonArray()
            .add(new JsonObject().put("cluster", "dev").put("rev", second))
            .add(new JsonObject().put("cluster", "prod").put("rev", first))
            .add(new JsonObject().put("cluster", "dev").put("rev", "x").put("extra", "y"));
    var put =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/team-a/appsets/web",
            CliTestGateway.adminToken(gw),
            new JsonObject()
                .put("template", template)
                .put(
                    "generators",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("list", new JsonObject().put("elements", elements)))));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (String app : List.of("web-dev", "web-prod")) {
                assertThat(
                        GatewayHarness.syncStatus(
                            gw.app("team-a", app, CliTestGateway.adminToken(gw))))
                    .isEqualTo("Synced");
              }
            });
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
                CliTestGateway.url(gw),
                "GITOPS_TOKEN",
                CliTestGateway.adminToken(gw),
                "GITOPS_TENANT",
                "team-a"));
  }

  @Test
  void appsetListAndGetInTableAndJson() throws Exception {
    JsonNode list = JSON.readTree(alice().run("appset", "list", "-o", "json").expect(0).out());
    assertThat(list.get(0).path("name").asText()).isEqualTo("web");
    assertThat(list.get(0).path("status").path("apps").size()).isEqualTo(2);

    String table = alice().run("appset", "get", "web").expect(0).out();
    assertThat(table).contains("web-dev").contains("web-prod").contains("REFUSED");
    assertThat(table).contains("generated twice");

    assertThat(alice().run("appset", "get", "nope").exit()).isEqualTo(Exit.NOT_FOUND);
  }

  @Test
  void envShowsEachEnvironmentAndCompareNamesTheDifference() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode matrix =
                  JSON.readTree(alice().run("env", "web", "-o", "json").expect(0).out());
              JsonNode rows = matrix.path("environments");
              assertThat(rows.size()).isEqualTo(2);
              assertThat(rows.get(0).path("environment").asText()).isEqualTo("dev");
              assertThat(rows.get(0).path("revision").asText()).isEqualTo(second);
              assertThat(rows.get(0).path("images").get(0).path("image").asText())
                  .isEqualTo("example/web:2");
              assertThat(rows.get(1).path("revision").asText()).isEqualTo(first);
              assertThat(rows.get(1).path("images").get(0).path("image").asText())
                  .isEqualTo("example/web:1");
            });
    String table = alice().run("env", "web").expect(0).out();
    assertThat(table)
        .contains("ENVIRONMENT")
        .contains(second.substring(0, 7))
        .contains("deploy example/web:1");

    JsonNode diff =
        YAML.readTree(
            alice().run("env", "compare", "web", "dev", "prod", "-o", "yaml").expect(0).out());
    assertThat(diff.path("revisionDiffers").asBoolean()).isTrue();
    assertThat(diff.path("images").get(0).path("a").asText()).isEqualTo("example/web:2");
    assertThat(diff.path("images").get(0).path("b").asText()).isEqualTo("example/web:1");

    assertThat(alice().run("env", "compare", "web", "dev", "qa").exit()).isEqualTo(Exit.NOT_FOUND);
    assertThat(alice().run("env").exit()).isEqualTo(Exit.USAGE);
  }
}
