package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.source.WebhookFixture;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole gateway receiving each provider's push: forged and unsigned deliveries are 401 and change
 * nothing; a signed one fetches only the repository it names and re-renders only the app whose path
 * it changed. Two repositories (shop, bank), three apps (shop/web, shop/api, bank/web).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookPushTest {
  static final String TENANT =
      """
      name: acme
      roles: {acme-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "acme-*"}]
      """;
  static final Map<String, String> FIXTURE_URL =
      Map.of(
          "github",
          "https://github.com/acme/shop",
          "gitlab",
          "https://gitlab.com/acme/shop",
          "gitea",
          "https://gitea.example.com/acme/shop",
          "bitbucket",
          "https://bitbucket.org/acme/shop");

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo shop;
  static TestRepo bank;
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
    gw =
        GatewayHarness.start(
            work,
            Map.of("acme", TENANT),
            List.of("dev"),
            Map.of(
                "webhooks",
                Map.of(
                    "github-secret",
                    WebhookFixture.SECRETS.github(),
                    "gitlab-secret",
                    WebhookFixture.SECRETS.gitlab(),
                    "gitea-secret",
                    WebhookFixture.SECRETS.gitea(),
                    "bitbucket-secret",
                    WebhookFixture.SECRETS.bitbucket())));
    shop = TestRepo.create(work.resolve("repos/acme/shop"));
    bank = TestRepo.create(work.resolve("repos/acme/bank"));
    shop.commit(
        "one", Map.of("apps/web/cm.yaml", cm("web", "0"), "apps/api/cm.yaml", cm("api", "0")));
    bank.commit("one", Map.of("apps/web/cm.yaml", cm("web", "0")));
    token = gw.token("ann", "acme-admins");
    for (String[] a :
        new String[][] {
          {"shop-web", shop.url(), "apps/web"},
          {"shop-api", shop.url(), "apps/api"},
          {"bank-web", bank.url(), "apps/web"}
        }) {
      JsonObject spec = AppSpecs.onMain(a[1], a[2], "dev", "acme-" + a[0]);
      assertThat(
              gw.call(HttpMethod.PUT, "/api/v1/tenants/acme/apps/" + a[0], token, spec)
                  .statusCode())
          .isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                List.of("shop-web", "shop-api", "bank-web").stream()
                    .allMatch(n -> app(n).status().revision() != null));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (shop != null) {
      shop.close();
      bank.close();
    }
  }

  static App app(String name) {
    return gw.gateway.loop().app(AppId.of("acme", name)).orElseThrow();
  }

  static HttpResponse<Buffer> post(WebhookFixture f) throws Exception {
    var request =
        gw.http.request(HttpMethod.POST, gw.gateway.port(), "localhost", "/api/v1/webhooks/git");
    f.headers().forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(f.body())).await(60, TimeUnit.SECONDS);
  }

  static double renders() throws Exception {
    return gw.metricSum("gitops_render_duration_seconds_count");
  }

  @ParameterizedTest
  @Order(1)
  @ValueSource(strings = {"github", "gitlab", "gitea", "bitbucket"})
  void aSignedPushRefreshesOnlyItsRepositoryAndOnlyTheChangedApp(String provider) throws Exception {
    String shopBefore = app("shop-web").status().revision();
    String bankBefore = app("bank-web").status().revision();
    var apiBefore = app("shop-api").status();
    String shopAfter = shop.commit(provider, Map.of("apps/web/cm.yaml", cm("web", provider)));
    bank.commit(provider, Map.of("apps/web/cm.yaml", cm("web", provider)));
    Map<String, String> rewrite =
        Map.of(
            FIXTURE_URL.get(provider),
            shop.url(),
            "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
            shopBefore,
            "0000000000000000000000000000000000000001",
            shopAfter);

    WebhookFixture forged =
        new WebhookFixture(
            provider,
            WebhookFixture.load(provider, "valid").rewritten(rewrite).body(),
            WebhookFixture.load(provider, "forged").headers()); // signed with the wrong secret
    assertThat(post(forged).statusCode()).isEqualTo(401);
    WebhookFixture unsigned =
        WebhookFixture.load(provider, "valid")
            .rewritten(rewrite)
            .without("X-Hub-Signature-256")
            .without("X-Gitlab-Token")
            .without("X-Gitea-Signature")
            .without("X-Hub-Signature");
    HttpResponse<Buffer> refused = post(unsigned);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("signature");
    assertThat(app("shop-web").status().revision()).isEqualTo(shopBefore);

    double rendersBefore = renders();
    HttpResponse<Buffer> accepted = post(WebhookFixture.load(provider, "valid").rewritten(rewrite));
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.bodyAsJsonObject().getJsonObject("repositories").getMap())
        .as("only shop fetched, one app queued")
        .isEqualTo(Map.of(shop.url(), 1));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(app("shop-web").status().revision()).isEqualTo(shopAfter));
    assertThat(app("shop-api").status())
        .as("untouched app not even reconciled")
        .isEqualTo(apiBefore);
    assertThat(app("bank-web").status().revision())
        .as("repository not named by the push")
        .isEqualTo(bankBefore);
    assertThat(renders() - rendersBefore).isEqualTo(1.0);
    assertThat(gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString())
        .contains(
            "gitops_webhook_deliveries_total{provider=\"" + provider + "\",result=\"accepted\"}",
            "gitops_webhook_deliveries_total{provider=\""
                + provider
                + "\",result=\"unauthorized\"}",
            "gitops_git_fetch_duration_seconds_count{result=\"success\"}");
  }

  @org.junit.jupiter.api.Test
  @Order(2)
  void aRepositoryThatCannotBeFetchedKeepsItsLastGoodRevisionAndItsAppsSayWhy() throws Exception {
    String before = app("bank-web").status().revision();
    TestRepo.deleteFolder(work.resolve("repos/acme/bank"));
    WebhookFixture push =
        WebhookFixture.load("github", "valid")
            .rewritten(Map.of(FIXTURE_URL.get("github"), bank.url()));
    assertThat(post(push).statusCode()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(app("bank-web").status().message())
                    .contains("cannot fetch " + bank.url(), "keeping the last good revision"));
    assertThat(app("bank-web").status().revision()).isEqualTo(before);
    assertThat(gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString())
        .contains("gitops_git_fetch_duration_seconds_count{result=\"failure\"}");
  }
}
