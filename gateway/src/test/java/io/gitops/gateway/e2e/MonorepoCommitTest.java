package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
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
 * Many apps in one repository: a commit that changes one app's files leaves the others Synced when
 * they are compared again, and never re-applies them.
 */
class MonorepoCommitTest {
  static final String TENANT =
      """
      name: mono
      roles: {mono-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "mono-*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;

  static String cm(String name, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
        + name
        + "}\ndata: {v: \""
        + value
        + "\"}\n";
  }

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("mono", TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("both", Map.of("apps/a/cm.yaml", cm("a", "1"), "apps/b/cm.yaml", cm("b", "1")));
    token = gw.token("mo", "mono-admins");
    for (String name : List.of("a", "b")) {
      JsonObject spec =
          AppSpecs.onMain(repo.url(), "apps/" + name, "dev", "mono-" + name)
              .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
      assertThat(
              gw.call(HttpMethod.PUT, "/api/v1/tenants/mono/apps/" + name, token, spec)
                  .statusCode())
          .isEqualTo(201);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> synced("a") && synced("b"));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static boolean synced(String app) throws Exception {
    return syncStatus(gw.app("mono", app, token)).equals("Synced");
  }

  static int operations(String app) throws Exception {
    return gw.call(HttpMethod.GET, "/api/v1/tenants/mono/apps/" + app + "/operations", token, null)
        .bodyAsJsonObject()
        .getJsonArray("items")
        .size();
  }

  @Test
  void aCommitToOneAppLeavesTheOtherSyncedAndUnapplied() throws Exception {
    String head = repo.commit("a only", Map.of("apps/a/cm.yaml", cm("a", "2")));
    gw.call(HttpMethod.POST, "/api/v1/tenants/mono/apps/a/refresh", token, null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                gw.clusters
                    .get("dev")
                    .client()
                    .configMaps()
                    .inNamespace("mono-a")
                    .withName("a")
                    .get()
                    .getData()
                    .get("v")
                    .equals("2"));

    // b is compared against the new head: its files are the same, only the commit moved.
    JsonObject b =
        gw.call(HttpMethod.POST, "/api/v1/tenants/mono/apps/b/refresh", token, null)
            .bodyAsJsonObject();
    assertThat(b.getJsonObject("status").getJsonObject("sync").getString("revision"))
        .isEqualTo(head);
    assertThat(syncStatus(b)).as(b.encode()).isEqualTo("Synced");
    assertThat(operations("b")).as("b was applied once, at the start").isEqualTo(1);
  }
}
