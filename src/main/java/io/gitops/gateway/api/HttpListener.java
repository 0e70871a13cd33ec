package io.gitops.gateway.api;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The gateway's HTTP servers: {@code instances} servers sharing one port, each created in its own
 * verticle so each runs on its own event loop. Vert.x hands new connections to them in turn, so
 * sockets — and the live feed's writes to them — spread over the cores instead of one thread.
 * The first server binds the configured port (0: any free one); the others bind the port it got.
 */
public record HttpListener(int port, List<String> deployments, Vertx vertx) {

  static Future<HttpListener> start(Vertx vertx, Router router, HttpServerOptions options, String host, int port,
      int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("http.instances must be at least 1, got " + instances);
    }
    ServerVerticle first = new ServerVerticle(router, options, host, port);
    return vertx.deployVerticle(first).compose(firstId -> {
      if (instances == 1) {
        return Future.succeededFuture(new HttpListener(first.actualPort, List.of(firstId), vertx));
      }
      return vertx.deployVerticle(() -> new ServerVerticle(router, options, host, first.actualPort),
              new DeploymentOptions().setInstances(instances - 1))
          .map(restId -> new HttpListener(first.actualPort, List.of(firstId, restId), vertx))
          .recover(err -> vertx.undeploy(firstId).transform(v -> Future.failedFuture(err)));
    });
  }

  /** Stops accepting and closes every server (undeploying a verticle closes the servers it created). */
  public Future<Void> close() {
    return Future.all(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
  }

  private static final class ServerVerticle extends VerticleBase {
    private final Router router;
    private final HttpServerOptions options;
    private final String host;
    private final int port;
    private volatile int actualPort;

    ServerVerticle(Router router, HttpServerOptions options, String host, int port) {
      this.router = router;
      this.options = options;
      this.host = host;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(new HttpServerOptions(options)).requestHandler(router).listen(port, host)
          .onSuccess(server -> actualPort = server.actualPort());
    }
  }
}
