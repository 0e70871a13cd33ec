package io.gitops.gateway.api;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's HTTP servers: {@code instances} servers sharing one port, each created in its own
 * verticle instance so each runs on its own event loop. Vert.x hands new connections to them in
 * turn, so sockets — and the live feed's writes to them — spread over the cores instead of one
 * thread. Undeploying closes them all.
 */
public record HttpListener(int port, String deployment, Vertx vertx) {
  /**
   * Port 0 asks for any free port, but each server would get its own; Vert.x shares one random port
   * among servers that listen on the same negative number. Each listener takes its own number, so
   * two gateways in one Vert.x (tests) never share a port by accident.
   */
  private static final AtomicInteger RANDOM_PORT_GROUP = new AtomicInteger();

  static Future<HttpListener> start(
      Vertx vertx, Router router, HttpServerOptions options, String host, int port, int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("http.instances must be at least 1, got " + instances);
    }
    int bind = port == 0 ? RANDOM_PORT_GROUP.decrementAndGet() : port;
    Queue<Integer> bound = new ConcurrentLinkedQueue<>();
    return vertx
        .deployVerticle(
            () -> new ServerVerticle(router, options, host, bind, bound),
            new DeploymentOptions().setInstances(instances))
        .map(id -> new HttpListener(bound.peek(), id, vertx));
  }

  /**
   * Stops accepting and closes every server (undeploying a verticle closes the servers it created).
   */
  public Future<Void> close() {
    return vertx.undeploy(deployment);
  }

  private static final class ServerVerticle extends VerticleBase {
    private final Router router;
    private final HttpServerOptions options;
    private final String host;
    private final int port;
    private final Queue<Integer> bound;

    ServerVerticle(
        Router router, HttpServerOptions options, String host, int port, Queue<Integer> bound) {
      this.router = router;
      this.options = options;
      this.host = host;
      this.port = port;
      this.bound = bound;
    }

    @Override
    public Future<?> start() {
      return vertx
          .createHttpServer(new HttpServerOptions(options))
          .requestHandler(router)
          .listen(port, host)
          .onSuccess(server -> bound.add(server.actualPort()));
    }
  }
}
