package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.RecentApplies;
import io.gitops.gateway.config.ClusterConfig;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.sim.SimulatedCluster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The needs of {@link LiveState} against a simulated cluster, its real watches counted on the
 * server: a stop after the linger never takes a kind some app asked for meanwhile, and a reconcile
 * begun before its app left takes nothing.
 */
class LiveStateNeedsTest {
  static final Duration LINGER = Duration.ofMillis(300);
  static final AppId WEB = AppId.of("shop", "web");
  static final AppId API = AppId.of("shop", "api");
  static final Map<String, Object> DEPLOYMENT = object("apps/v1", "Deployment");
  static final Map<String, Object> CONFIG_MAP = object("v1", "ConfigMap");

  SimulatedCluster dev;
  Vertx vertx;
  Context loop;
  Clusters clusters;
  ClusterConnection cluster;
  LiveState live;

  @BeforeEach
  void start() {
    dev = SimulatedCluster.start("dev");
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    clusters =
        new Clusters(vertx, vertx.createSharedWorkerExecutor("kube", 2), (c, a) -> {}, 2, LINGER);
    cluster = clusters.add(new ClusterConfig.Direct("dev", dev.url(), "test", null, true), "dev");
    live =
        new LiveState(
            clusters, loop, new RecentApplies(Duration.ofSeconds(5)), o -> Optional.empty());
  }

  @AfterEach
  void stop() throws Exception {
    clusters.close();
    vertx.close().await(30, TimeUnit.SECONDS);
    dev.close();
  }

  static Map<String, Object> object(String apiVersion, String kind) {
    return Map.of(
        "apiVersion",
        apiVersion,
        "kind",
        kind,
        "metadata",
        Map.of("name", "x", "namespace", "shop"));
  }

  static DesiredSet desired(List<Map<String, Object>> objects) {
    return new DesiredSet(new Revision("0123456789abcdef0123456789abcdef01234567"), objects);
  }

  /** Runs on the loop's context, as the reconcile loop calls LiveState, and waits for it. */
  <T> T onLoop(Supplier<Future<T>> work) throws Exception {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future().await(30, TimeUnit.SECONDS);
  }

  @SafeVarargs
  final Future<Void> watch(AppId app, Map<String, Object>... objects) {
    return live.watch(app, cluster, desired(List.of(objects)), List.of());
  }

  @Test
  void aKindAskedForAgainWithinTheLingerIsNeverStopped() throws Exception {
    onLoop(() -> watch(WEB, DEPLOYMENT, CONFIG_MAP));
    await().atMost(Duration.ofSeconds(30)).until(() -> dev.openWatches("configmaps") == 1);

    // web no longer deploys a ConfigMap, api does, asked right after: the stop looks when the
    // linger ends, on the same context, and finds the kind needed
    onLoop(() -> watch(WEB, DEPLOYMENT).compose(v -> watch(API, CONFIG_MAP)));
    await()
        .during(LINGER.multipliedBy(3))
        .atMost(Duration.ofSeconds(30))
        .until(() -> dev.openWatches("configmaps") == 1);

    onLoop(() -> watch(API));
    await().atMost(Duration.ofSeconds(30)).until(() -> dev.openWatches("configmaps") == 0);
    assertThat(dev.openWatches("apps/deployments")).isEqualTo(1);
  }

  @Test
  void aReconcileBegunBeforeItsAppLeftTakesNoNeed() throws Exception {
    onLoop(() -> watch(WEB, DEPLOYMENT));
    await().atMost(Duration.ofSeconds(30)).until(() -> dev.openWatches("apps/deployments") == 1);

    Future<Void> late =
        onLoop(
            () -> {
              live.forget(WEB);
              // the watch step of a reconcile that was rendering when the app left
              return Future.succeededFuture(watch(WEB, DEPLOYMENT, CONFIG_MAP));
            });
    assertThat(late.failed()).isTrue();
    assertThat(late.cause()).hasMessageContaining("left the reconcile loop");

    await().atMost(Duration.ofSeconds(30)).until(() -> dev.openWatches() == 0);
    assertThat(cluster.watched()).isEmpty();
    assertThat(cluster.watchedObjects()).isZero();
  }

  @Test
  void onlyAReconcileBringsBackAnAppThatLeftAndADryRunTakesNothingAway() throws Exception {
    onLoop(() -> watch(WEB, DEPLOYMENT, CONFIG_MAP));
    Future<Void> dryRun =
        onLoop(
            () -> {
              live.forget(WEB);
              // a dry run that was fetching when the app left
              return Future.succeededFuture(
                  live.watchAlso(WEB, cluster, desired(List.of(CONFIG_MAP))));
            });
    assertThat(dryRun.failed()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> dev.openWatches() == 0);

    onLoop(
        () -> {
          live.reconciling(WEB); // the loop holds it again
          return watch(WEB, DEPLOYMENT, CONFIG_MAP)
              .compose(v -> live.watchAlso(WEB, cluster, desired(List.of(DEPLOYMENT))));
        });
    await()
        .during(LINGER.multipliedBy(3))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> dev.openWatches("configmaps") == 1 && dev.openWatches("apps/deployments") == 1);
  }
}
