package io.gitops.gateway.api;

import io.gitops.gateway.api.rest.Problems;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}, the Prometheus text. Where it is served is the configuration's choice
 * ({@code metrics.port}): on the API's port, as by default, or on a management port of its own that
 * only the cluster's network reaches. With {@code metrics.token} set it answers only a scraper that
 * sends that bearer token (Prometheus' {@code authorization.credentials_file}); the metrics name
 * tenants and clusters, which an anonymous caller should not enumerate.
 */
public final class MetricsEndpoint {
  private MetricsEndpoint() {}

  /** Adds {@code /metrics} to {@code router} (the API's, when no management port is configured). */
  public static void mount(Router router, GatewayMetrics metrics, String token) {
    router.get("/metrics").handler(ctx -> scrape(ctx, metrics, token));
  }

  /** A router for the management port: {@code /metrics} only. */
  public static Router managementRouter(Vertx vertx, GatewayMetrics metrics, String token) {
    Router router = Router.router(vertx);
    mount(router, metrics, token);
    router
        .route()
        .handler(ctx -> Problems.send(ctx, 404, "the management port serves /metrics only", null));
    return router;
  }

  private static void scrape(RoutingContext ctx, GatewayMetrics metrics, String token) {
    if (token != null && !matches(ctx.request().getHeader("Authorization"), token)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
      Problems.send(ctx, 401, "/metrics needs the bearer token configured as metrics.token", null);
      return;
    }
    ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }

  /**
   * Constant-time comparison: how much of the token a guess got right must not show in the answer's
   * timing.
   */
  private static boolean matches(String header, String token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
