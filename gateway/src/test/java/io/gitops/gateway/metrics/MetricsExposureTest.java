package io.gitops.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as production Prometheus setups want it: on a management port of its own ({@code
 * metrics.port}, then not on the API's port), and/or behind a static bearer token ({@code
 * metrics.token}). The default, open on the main port, is PrometheusScrapeTest's.
 */
class MetricsExposureTest {
  static final String TOKEN = "a-scraper-token-of-32-characters";

  static HttpResponse<Buffer> get(GatewayHarness gw, int port, String path, String bearer)
      throws Exception {
    var request = gw.http.get(port, "localhost", path);
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    return request.send().await(30, TimeUnit.SECONDS);
  }

  @Test
  void onAManagementPortWithATokenOnlyTheScraperWithTheTokenReadsThem(@TempDir Path work)
      throws Exception {
    try (GatewayHarness gw =
        GatewayHarness.start(
            work, Map.of(), List.of("dev"), Map.of("metrics", Map.of("port", 0, "token", TOKEN)))) {
      int main = gw.gateway.port();
      int management = gw.gateway.managementPort();
      assertThat(management).isPositive().isNotEqualTo(main);

      assertThat(get(gw, main, "/metrics", TOKEN).statusCode())
          .as("not on the API's port")
          .isEqualTo(404);
      assertThat(get(gw, main, "/health/ready", null).statusCode())
          .as("probes stay on the main port")
          .isEqualTo(200);

      var anonymous = get(gw, management, "/metrics", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
      assertThat(anonymous.bodyAsString()).doesNotContain("gitops_").doesNotContain(TOKEN);
      assertThat(get(gw, management, "/metrics", TOKEN + "x").statusCode()).isEqualTo(401);

      var scraped = get(gw, management, "/metrics", TOKEN);
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.getHeader("content-type")).startsWith("text/plain; version=0.0.4");
      assertThat(scraped.bodyAsString()).contains("gitops_").contains("jvm_memory_used_bytes");
      assertThat(get(gw, management, "/api/v1/tenants", null).statusCode())
          .as("nothing else there")
          .isEqualTo(404);
    }
  }

  @Test
  void onTheMainPortATokenIsRequiredWhenConfigured(@TempDir Path work) throws Exception {
    try (GatewayHarness gw =
        GatewayHarness.start(
            work, Map.of(), List.of(), Map.of("metrics", Map.of("token", TOKEN)))) {
      assertThat(gw.gateway.managementPort()).isEqualTo(-1);
      assertThat(get(gw, gw.gateway.port(), "/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get(gw, gw.gateway.port(), "/metrics", "wrong-token").statusCode()).isEqualTo(401);
      var scraped = get(gw, gw.gateway.port(), "/metrics", TOKEN);
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.bodyAsString()).contains("jvm_memory_used_bytes");
    }
  }
}
