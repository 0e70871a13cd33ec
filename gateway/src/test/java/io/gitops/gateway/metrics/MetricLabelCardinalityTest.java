package io.gitops.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a caller who names made-up tenants, forges tokens and webhook headers by the hundred
 * to mint new label values, until Prometheus (and the gateway's own registry) drown in series. The
 * defence: every label the dashboards and alerts read takes its value from a fixed set or from the
 * operator's configuration, never from the request. The test: after such a caller, the
 * refused-request meters carry only those values, and no value the caller chose.
 */
class MetricLabelCardinalityTest {
  @TempDir static Path work;
  static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of(
                "shop",
                """
        name: shop
        roles: {shop-admins: admin}
        sourceRepos: ["*"]
        destinations: [{cluster: dev, namespace: "shop-*"}]
        """),
            List.of("dev"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void aCallerNamingMadeUpTenantsProvidersAndTokensMintsNoLabelValue() throws Exception {
    String stranger = gw.token("eve", "strangers");
    for (int i = 0; i < 20; i++) {
      String made = "minted-" + i;
      assertThat(
              gw.call(HttpMethod.GET, "/api/v1/tenants/" + made + "/apps", stranger, null)
                  .statusCode())
          .isEqualTo(404);
      assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants", made + ".x.y", null).statusCode())
          .isEqualTo(401);
      var hook =
          gw.http
              .post(gw.gateway.port(), "localhost", "/api/v1/webhooks/git")
              .putHeader("X-GitHub-Event", made)
              .putHeader("X-Hub-Signature-256", "sha256=" + made)
              .putHeader("X-Gitlab-Event", made)
              .putHeader("User-Agent", made)
              .sendBuffer(Buffer.buffer("{}"))
              .await(20, TimeUnit.SECONDS);
      assertThat(hook.statusCode()).isBetween(400, 401);
    }
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps", stranger, null).statusCode())
        .isEqualTo(404);

    String scrape = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    assertThat(scrape).doesNotContain("minted-");
    assertThat(values(scrape, "gitops_authz_denials_total", "tenant"))
        .isSubsetOf("shop", "unknown")
        .isNotEmpty();
    assertThat(values(scrape, "gitops_webhook_deliveries_total", "provider"))
        .isSubsetOf("github", "gitlab", "gitea", "bitbucket", "unknown")
        .isNotEmpty();
    assertThat(values(scrape, "gitops_auth_failures_total", "reason"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r).matches("[a-z_ ]{1,20}"));
  }

  /** The values of one label over every sample of one metric in the exposition. */
  static Set<String> values(String scrape, String metric, String label) {
    Set<String> values = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)}").matcher(scrape);
    while (m.find()) {
      Matcher v = Pattern.compile(label + "=\"([^\"]*)\"").matcher(m.group(1));
      if (v.find()) {
        values.add(v.group(1));
      }
    }
    return values;
  }
}
