package io.gitops.gateway.apiserver;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Informers follow the apps on a real kube-apiserver: the watches the server itself counts open
 * ({@code apiserver_longrunning_requests}, verb WATCH) go when the last app deploying the kind
 * leaves the gateway, and come back with an app that needs them.
 */
@Tag("apiserver")
class InformersOnRealServerTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TENANT =
      """
      name: real
      roles: {real-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: kube, namespace: default}]
      """;
  static final Pattern WATCHES =
      Pattern.compile("(?m)^apiserver_longrunning_requests\\{([^}]*)} ([0-9.e+-]+)$");

  @TempDir static Path work;
  static RealApiServer server;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    server = RealApiServer.startOrSkip();
    kube = server.client();
    gw =
        GatewayHarness.start(
            work,
            Map.of("real", TENANT),
            List.of(),
            List.of(
                Map.of(
                    "name",
                    "kube",
                    "server",
                    server.url(),
                    "token",
                    server.config().getOauthToken(),
                    "insecure-skip-tls-verify",
                    true)),
            null,
            Map.of("kube", Map.of("probe-interval-seconds", 1, "informer-linger-seconds", 0)));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit("app", Map.of("app/config.yaml", SyncFixtures.configMap("settings", "blue", "")));
    token = gw.token("rui", "real-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** WATCH requests open now on the server for {@code resource}, as it counts them. */
  static int openWatches(String resource) {
    var m = WATCHES.matcher(kube.raw("/metrics"));
    double n = 0;
    while (m.find()) {
      if (m.group(1).contains("resource=\"" + resource + "\"")
          && m.group(1).contains("verb=\"WATCH\"")) {
        n += Double.parseDouble(m.group(2));
      }
    }
    return (int) n;
  }

  static void synced() throws Exception {
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/real/apps/settings",
                    token,
                    AppSpecs.of(repo.url(), "app", "kube", "default"))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/settings/sync", token, null);
              assertThat(syncStatus(gw.app("real", "settings", token))).isEqualTo("Synced");
            });
  }

  @Test
  void theServerSeesTheWatchGoWithTheLastAppAndComeBackWithTheNext() throws Exception {
    int before = openWatches("configmaps"); // the server's own clients, if any
    synced();
    await().atMost(WAIT).until(() -> openWatches("configmaps") == before + 1);

    assertThat(
            gw.call(
                    HttpMethod.DELETE,
                    "/api/v1/tenants/real/apps/settings?cascade=orphan",
                    token,
                    null)
                .statusCode())
        .isEqualTo(204);
    await().atMost(WAIT).until(() -> openWatches("configmaps") == before);
    assertThat(kube.configMaps().inNamespace("default").withName("settings").get())
        .as("orphaned: the object stays, only the watch went")
        .isNotNull();

    synced();
    await().atMost(WAIT).until(() -> openWatches("configmaps") == before + 1);
  }
}
