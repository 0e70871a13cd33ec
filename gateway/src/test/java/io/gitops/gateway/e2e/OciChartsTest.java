package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.OciRegistry;
import io.gitops.gateway.support.TestCharts;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts from a real OCI registry (Debian's docker-registry, over TLS with Docker's token
 * authentication, started here): charts pushed through the registry's HTTP API; an app with {@code
 * oci://} and a version range syncs the newest match once the tenant stores its credential (with
 * the registry's CA), and says authentication is required before.
 */
class OciChartsTest {
  @TempDir static Path work;
  static OciRegistry registry;
  static GatewayHarness gw;
  static KubernetesClient kube;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    registry = new OciRegistry(work, "puller", "registry-secret-0815");
    Path charts = Files.createDirectories(work.resolve("charts"));
    for (String v : List.of("1.2.0", "1.3.0", "2.0.0")) {
      registry.push("charts/ocidemo", v, TestCharts.configMapChart(charts, "ocidemo", v));
    }
    gw =
        GatewayHarness.start(
            work,
            Map.of(
                "oci",
                "name: oci\nroles: {oci-admins: admin}\nsourceRepos: [\"oci://127.0.0.1:*/**\"]\n"
                    + "destinations: [{cluster: dev, namespace: \"oci-*\"}]\n"),
            List.of("dev"),
            Map.of("credentials", Map.of("key", CredentialCipher.newKey())));
    kube = gw.clusters.get("dev").client();
    admin = gw.token("ann", "oci-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  static AppStatus status() {
    return gw.gateway.loop().app(AppId.of("oci", "web")).orElseThrow().status();
  }

  static JsonObject credential(String password) {
    return new JsonObject()
        .put("url", "oci://" + registry.host() + "/charts/")
        .put("username", registry.username())
        .put("password", password)
        .put("caData", registry.caPem);
  }

  @Test
  void anOciChartSyncsWithTokenAuth() throws Exception {
    String repoUrl = "oci://" + registry.host() + "/charts/ocidemo";
    JsonObject spec =
        new JsonObject()
            .put(
                "source",
                new JsonObject()
                    .put("repoURL", repoUrl)
                    .put("chart", "ocidemo")
                    .put("targetRevision", "^1.2"))
            .put("destination", new JsonObject().put("cluster", "dev").put("namespace", "oci-web"))
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    var put = gw.call(HttpMethod.PUT, "/api/v1/tenants/oci/apps/web", admin, spec);
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    // No credential: the gateway does not trust the registry's certificate, or is refused a token.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(status().message()).contains("cannot read repository"));

    // The registry's CA but a wrong password: the token service refuses, nothing is deployed.
    var wrong =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/oci/repository-credentials",
            admin,
            credential("not-the-password"));
    assertThat(wrong.statusCode()).as(wrong.bodyAsString()).isEqualTo(201);
    gw.call(HttpMethod.POST, "/api/v1/tenants/oci/apps/web/refresh", admin, null);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(status().message())
                    .contains("token service answered 401 to the stored credential"));
    assertThat(kube.configMaps().inNamespace("oci-web").withName("ocidemo-cm").get()).isNull();

    var stored =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/oci/repository-credentials",
            admin,
            credential(registry.password()));
    assertThat(stored.statusCode()).as(stored.bodyAsString()).isEqualTo(200);
    gw.call(HttpMethod.POST, "/api/v1/tenants/oci/apps/web/refresh", admin, null);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var cm = kube.configMaps().inNamespace("oci-web").withName("ocidemo-cm").get();
              assertThat(cm).as(status().message()).isNotNull();
              assertThat(cm.getData()).containsEntry("version", "1.3.0");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(status().revision()).isEqualTo("1.3.0"));
    assertThat(registry.tokenRequests)
        .anySatisfy(q -> assertThat(q).contains("scope=repository%3Acharts%2Focidemo%3Apull"));
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/oci/apps/web", admin, null).bodyAsString())
        .doesNotContain(registry.password());
  }
}
