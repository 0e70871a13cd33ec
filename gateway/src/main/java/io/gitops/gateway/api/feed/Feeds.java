package io.gitops.gateway.api.feed;

import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.FeedEras;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deploys the status fan-out and mounts its two faces: {@code /ws/status} and {@code
 * /api/v1/stream/apps}.
 */
public final class Feeds {
  private Feeds() {}

  public static StatusFeed mount(
      Vertx vertx,
      Router root,
      Router api,
      Authenticator verifier,
      Access access,
      AppStore apps,
      OperationStore operations,
      GatewayMetrics metrics,
      FeedEras eras,
      FeedOptions options) {
    StatusFeed feed =
        new StatusFeed(apps::listAll, operations::latest, apps::get, eras::next, options);
    vertx.deployVerticle(feed);
    AtomicInteger sockets = metrics.feedClients("websocket");
    root.get("/ws/status")
        .handler(
            new StatusSocket(
                vertx,
                verifier,
                access,
                feed,
                MeteredStats.of(metrics, "websocket"),
                sockets::incrementAndGet,
                sockets::decrementAndGet));
    api.get("/stream/apps")
        .handler(
            new StatusStream(
                access,
                verifier,
                feed,
                MeteredStats.of(metrics, "sse"),
                metrics.feedClients("sse")));
    return feed;
  }
}
