package io.gitops.gateway;

import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.config.ReplicaConfig;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.replica.ClusterManagers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Creates the Vertx (with Micrometer metrics) and starts a gateway on it; blocks only the caller's
 * thread.
 */
public final class Launcher {
  private Launcher() {}

  public static Vertx vertx(GatewayMetrics metrics) {
    return vertx(metrics, ReplicaConfig.SINGLE);
  }

  /**
   * One process, or (with {@code replicas.enabled}) a member of a Hazelcast cluster of gateways:
   * joining blocks the caller until the member is in.
   */
  public static Vertx vertx(GatewayMetrics metrics, ReplicaConfig replicas) {
    VertxOptions options =
        new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    var builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics.registry()));
    Vertx vertx;
    if (replicas.enabled()) {
      options.setEventBusOptions(ClusterManagers.eventBus(replicas));
      try {
        vertx =
            builder
                .with(options)
                .withClusterManager(ClusterManagers.hazelcast(replicas))
                .buildClustered()
                .await(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot join the cluster of gateways (replicas.*): " + Runner.oneLine(e), e);
      }
    } else {
      vertx = builder.with(options).build();
    }
    EventLoopProbe.start(vertx, metrics);
    return vertx;
  }

  /** Starts and returns a handle that stops the gateway and its Vertx. */
  public static Runner.Stoppable start(GatewayConfig config, PrintStream out) throws Exception {
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = vertx(metrics, config.replicas());
    try {
      Gateway gateway = Gateway.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
      out.println("gitops-gateway listening on http://localhost:" + gateway.port());
      return () -> stop(vertx, gateway);
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  static void stop(Vertx vertx, Gateway gateway) {
    try {
      gateway.close().await(60, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("gitops-gateway: stopped with an error: " + Runner.oneLine(e));
    }
  }
}
