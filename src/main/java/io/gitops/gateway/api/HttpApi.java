package io.gitops.gateway.api;

import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.reconcile.ReconcileLoop;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/** The HTTP face of the gateway: probes, metrics, and the tenant API under /api/v1. */
public final class HttpApi {
  private static final long MAX_BODY_BYTES = 1024 * 1024;

  public record Readiness(BooleanSupplier clustersSynced, BooleanSupplier firstPassDone) {}

  private HttpApi() {}

  public static Router router(Vertx vertx, TokenVerifier verifier, Access access, AppStore apps, AuditStore audit,
      ReconcileLoop loop, Clusters clusters, GatewayMetrics metrics, Readiness readiness) {
    Router root = Router.router(vertx);
    root.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    root.get("/health/ready").handler(ctx -> {
      boolean clustersOk = readiness.clustersSynced().getAsBoolean();
      boolean gitOk = readiness.firstPassDone().getAsBoolean();
      boolean ready = clustersOk && gitOk;
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", new JsonObject()
          .put("database", "UP").put("clusters", clustersOk ? "UP" : "SYNCING").put("git", gitOk ? "UP" : "FETCHING")));
    });
    root.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));

    Router api = Router.router(vertx);
    api.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    api.route().handler(new BearerAuth(verifier));
    new AppRoutes(access, apps, loop, clusters, audit).mount(api);
    new SyncRoutes(access, loop, audit).mount(api);
    api.route().handler(ctx -> Problems.send(ctx, 404, "no such route: " + ctx.request().method() + " " + ctx.request().path(), null));
    api.route().failureHandler(Problems::handle);
    root.route("/api/v1/*").subRouter(api);
    root.route().failureHandler(Problems::handle);
    return root;
  }

  public static Future<HttpServer> listen(Vertx vertx, Router router, String host, int port) {
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }
}
