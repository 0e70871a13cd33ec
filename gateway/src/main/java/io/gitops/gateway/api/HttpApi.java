package io.gitops.gateway.api;

import io.gitops.gateway.api.feed.FeedOptions;
import io.gitops.gateway.api.feed.Feeds;
import io.gitops.gateway.api.graphql.GraphQLRoutes;
import io.gitops.gateway.api.rest.AppRoutes;
import io.gitops.gateway.api.rest.AppSetRoutes;
import io.gitops.gateway.api.rest.AuditRoutes;
import io.gitops.gateway.api.rest.ClusterLabelRoutes;
import io.gitops.gateway.api.rest.ClusterRoutes;
import io.gitops.gateway.api.rest.EnvironmentRoutes;
import io.gitops.gateway.api.rest.ImportRoutes;
import io.gitops.gateway.api.rest.NotificationRoutes;
import io.gitops.gateway.api.rest.OpenApiDocument;
import io.gitops.gateway.api.rest.Problems;
import io.gitops.gateway.api.rest.RepositoryRoutes;
import io.gitops.gateway.api.rest.RequestValidation;
import io.gitops.gateway.api.rest.SyncRoutes;
import io.gitops.gateway.api.rest.TenantRoutes;
import io.gitops.gateway.api.rest.TokenRoutes;
import io.gitops.gateway.api.rest.WebhookRoutes;
import io.gitops.gateway.api.ui.UiRoutes;
import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.config.WebhookSecrets;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.notify.Notifier;
import io.gitops.gateway.reconcile.AppControl;
import io.gitops.gateway.store.AppSetStore;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.store.CredentialStore;
import io.gitops.gateway.store.FeedEras;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The HTTP face of the gateway: probes, metrics, and the tenant API under /api/v1. */
public final class HttpApi {
  private static final long MAX_BODY_BYTES = 1024 * 1024;
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(HttpApi.class.getName());

  /** {@code database}: a round trip to PostgreSQL (a pool that cannot reach it fails it). */
  public record Readiness(
      BooleanSupplier clustersSynced,
      BooleanSupplier firstPassDone,
      Supplier<Future<?>> database) {}

  private HttpApi() {}

  public static Router router(
      Vertx vertx,
      TokenVerifier verifier,
      Access access,
      AppStore apps,
      AuditStore audit,
      AppControl loop,
      Clusters clusters,
      GatewayMetrics metrics,
      Readiness readiness,
      TenancyApi tenancy,
      WebhookSecrets webhookSecrets,
      CredentialStore credentials,
      ClusterAdminApi clusterAdmin,
      AppSetStore appSetStore,
      Notifier notifier,
      FeedEras feedEras) {
    Router root = Router.router(vertx);
    root.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    root.get("/health/ready")
        .handler(
            ctx ->
                readiness
                    .database()
                    .get()
                    .timeout(2, TimeUnit.SECONDS)
                    .onComplete(
                        db -> {
                          boolean clustersOk = readiness.clustersSynced().getAsBoolean();
                          boolean gitOk = readiness.firstPassDone().getAsBoolean();
                          boolean ready = db.succeeded() && clustersOk && gitOk;
                          ctx.response().setStatusCode(ready ? 200 : 503);
                          ctx.json(
                              new JsonObject()
                                  .put("status", ready ? "UP" : "DOWN")
                                  .put(
                                      "checks",
                                      new JsonObject()
                                          .put("database", db.succeeded() ? "UP" : "DOWN")
                                          .put("clusters", clustersOk ? "UP" : "SYNCING")
                                          .put("git", gitOk ? "UP" : "FETCHING")));
                        }));
    // /metrics: mounted by the caller, here or on a management port (MetricsEndpoint)

    OpenApiDocument.mount(root);
    UiRoutes.mount(root, verifier.issuer(), verifier.audience()); // the web UI at / and /ui/
    Router api = Router.router(vertx);
    api.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    BearerAuth bearer = new BearerAuth(verifier, tenancy.tokens(), metrics);
    api.route().handler(bearer);
    RequestValidation validation = RequestValidation.load(vertx);
    api.route().handler(validation); // the OpenAPI document's schemas, before any route
    access.onDenial(metrics::authorisationDenied);
    var feed =
        Feeds.mount(
            vertx,
            root,
            api,
            bearer::authenticate,
            access,
            apps,
            loop.operations(),
            metrics,
            feedEras,
            FeedOptions.DEFAULTS);
    AppService appService = new AppService(access, apps, loop, clusters, audit, feed);
    new AppRoutes(access, appService).mount(api);
    new ImportRoutes(access, appService).mount(api);
    AppSets appSets =
        new AppSets(
            appSetStore,
            appService,
            apps,
            clusters,
            clusterAdmin.labels(),
            loop.sources(),
            validation);
    if (loop.replicated()) {
      appSets.ledBy(loop::leads);
    }
    vertx.deployVerticle(appSets).onFailure(err -> LOG.severe("app sets not started: " + err));
    Environments environments =
        new Environments(apps, clusters, clusterAdmin.labels(), loop.sources(), loop.operations());
    GraphQLRoutes.mount(
        vertx,
        root,
        bearer,
        access,
        appService,
        apps,
        clusters,
        feed,
        metrics,
        GraphQLRoutes.introspectionEnabled(),
        new SyncActions(loop, audit),
        appSets,
        environments,
        clusterAdmin.labels());
    new TokenRoutes(access, tenancy.tokens(), tenancy.tokenStore(), new Audit(audit)).mount(api);
    new AuditRoutes(access, audit).mount(api);
    new TenantRoutes(access, tenancy.registry(), new Audit(audit)).mount(api);
    if (credentials != null) { // null: no credentials.key configured
      new RepositoryRoutes(access, credentials, audit).mount(api);
    }
    if (clusterAdmin.store() != null) {
      new ClusterRoutes(
              vertx,
              access,
              clusters,
              clusterAdmin.store(),
              apps,
              metrics,
              clusterAdmin.configured(),
              clusterAdmin.labels(),
              new Audit(audit))
          .mount(api);
    }
    new ClusterLabelRoutes(
            access, clusters, clusterAdmin.labels(), clusterAdmin.labelStore(), new Audit(audit))
        .mount(api);
    new SyncRoutes(access, loop, audit).mount(api);
    new AppSetRoutes(access, appSets, new Audit(audit)).mount(api);
    new EnvironmentRoutes(access, environments, bearer::authenticate).mount(api);
    if (notifier != null) { // null: no credentials.key to encrypt targets' secrets with
      new NotificationRoutes(access, notifier, loop.sources().urlPolicy(), new Audit(audit))
          .mount(api);
    }
    api.route()
        .handler(
            ctx ->
                Problems.send(
                    ctx,
                    404,
                    "no such route: " + ctx.request().method() + " " + ctx.request().path(),
                    null));
    api.route().failureHandler(Problems::handle);
    new WebhookRoutes(webhookSecrets, loop, metrics)
        .mount(root); // signed by providers, before bearer auth
    root.route("/api/v1/*").subRouter(api);
    root.route().failureHandler(Problems::handle);
    return root;
  }

  /** {@code instances} servers on one port, one per event loop (config {@code http.instances}). */
  public static Future<HttpListener> listen(
      Vertx vertx, Router router, String host, int port, int instances) {
    // graphql-transport-ws must be offered by the server, or browsers' graphql-ws clients fail the
    // handshake.
    HttpServerOptions options =
        new HttpServerOptions()
            .addWebSocketSubProtocol("graphql-transport-ws")
            // Compressing every status change once per subscriber would cost more than the rest of
            // the
            // fan-out, and would keep the feed from writing its shared pre-encoded frames
            // (FrameChannel).
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false);
    return HttpListener.start(vertx, router, options, host, port, instances);
  }
}
