package io.gitops.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode as a user starts it: everything in-process, ready, with its example apps synced. */
class DemoModeTest {
  @TempDir Path data;

  @Test
  void demoBecomesReadyAndSyncsItsExampleAppsAndKeepsStateAcrossARestart() throws Exception {
    Vertx client = Vertx.vertx();
    WebClient http = WebClient.create(client);
    try {
      ByteArrayOutputStream banner = new ByteArrayOutputStream();
      try (DemoMode.Running demo =
          DemoMode.start(new DemoMode.Options(0, data, Map.of()), new PrintStream(banner, true))) {
        int port = demo.gateway().port();
        assertThat(banner.toString(StandardCharsets.UTF_8))
            .contains("http://localhost:" + port + "/api/v1/tenants")
            .contains("DEVELOPMENT-ONLY OIDC issuer");

        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(
                            http.get(port, "localhost", "/health/ready")
                                .send()
                                .await(10, TimeUnit.SECONDS)
                                .statusCode())
                        .isEqualTo(200));

        String token = demo.issuer().token("alice", DevIssuer.USERS.get("alice"), 300);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  JsonObject app =
                      http.request(
                              HttpMethod.GET,
                              port,
                              "localhost",
                              "/api/v1/tenants/team-a/apps/guestbook-dev")
                          .bearerTokenAuthentication(token)
                          .send()
                          .await(10, TimeUnit.SECONDS)
                          .bodyAsJsonObject();
                  assertThat(app.getJsonObject("status").getJsonObject("sync").getString("status"))
                      .isEqualTo("Synced");
                  assertThat(
                          app.getJsonObject("status").getJsonObject("health").getString("status"))
                      .isEqualTo("Healthy");
                });
        List<?> guestbooks =
            demo.clusters()
                .get(0)
                .client()
                .apps()
                .deployments()
                .inNamespace("team-a-guestbook")
                .list()
                .getItems();
        assertThat(guestbooks).hasSize(1);
      }

      // A restart keeps PostgreSQL's data: the apps are there before anything re-registers them.
      try (DemoMode.Running again =
          DemoMode.start(
              new DemoMode.Options(0, data, Map.of()),
              new PrintStream(new ByteArrayOutputStream()))) {
        assertThat(again.gateway().apps().listAll().await(10, TimeUnit.SECONDS)).hasSize(4);
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }
}
