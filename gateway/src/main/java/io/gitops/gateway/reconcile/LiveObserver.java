package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.RecentApplies;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.SyncObserver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A running sync's view of the live state: remembers what it wrote (so the next reconcile does not
 * take a lagging informer cache for drift) and waits for health by looking at the informer caches
 * every {@link #POLL_MS} ms, never by calling the API server.
 */
final class LiveObserver implements SyncObserver {
  static final long POLL_MS = 100;

  private final Vertx vertx;
  private final AppId app;
  private final ClusterConnection cluster;
  private final RecentApplies recent;
  private final HealthAssessor health;

  LiveObserver(
      Vertx vertx,
      AppId app,
      ClusterConnection cluster,
      RecentApplies recent,
      HealthAssessor health) {
    this.vertx = vertx;
    this.app = app;
    this.cluster = cluster;
    this.recent = recent;
    this.health = health;
  }

  /**
   * The app's live objects as the gateway should see them: the caches, overlaid with recent writes.
   */
  static List<Map<String, Object>> live(
      AppId app, ClusterConnection cluster, RecentApplies recent) {
    return recent.overlay(app, cluster.liveObjectsOf(app), Instant.now());
  }

  @Override
  public void applied(ResourceKey key, Map<String, Object> serverCopy) {
    recent.applied(app, key, serverCopy, Instant.now());
  }

  @Override
  public void deleted(ResourceKey key) {
    recent.deleted(app, key, Instant.now());
  }

  @Override
  public Future<Void> awaitHealthy(List<ResourceKey> keys, Duration timeout, String what) {
    return poll(keys, Instant.now().plus(timeout), timeout, what);
  }

  private Future<Void> poll(
      List<ResourceKey> keys, Instant deadline, Duration timeout, String what) {
    Map<ResourceKey, Map<String, Object>> live = new HashMap<>();
    live(app, cluster, recent).forEach(o -> live.put(ResourceKey.of(o), o));
    String waitingFor = null;
    for (ResourceKey key : keys) {
      Map<String, Object> object = live.get(key);
      HealthResult h =
          object == null
              ? new HealthResult(HealthStatus.MISSING, "not seen yet")
              : health.assess(object).orElse(null);
      if (h == null || h.status() == HealthStatus.HEALTHY || h.status() == HealthStatus.SUSPENDED) {
        continue;
      }
      if (h.status() == HealthStatus.DEGRADED) {
        return Future.failedFuture(
            what
                + " failed: "
                + key
                + " is Degraded"
                + (h.message().isEmpty() ? "" : ": " + h.message()));
      }
      waitingFor =
          key + " is " + h.status().label() + (h.message().isEmpty() ? "" : ": " + h.message());
      break;
    }
    if (waitingFor == null) {
      return Future.succeededFuture();
    }
    if (Instant.now().isAfter(deadline)) {
      return Future.failedFuture(
          what + " not healthy after " + timeout.toSeconds() + "s: " + waitingFor);
    }
    return vertx.timer(POLL_MS).compose(t -> poll(keys, deadline, timeout, what));
  }
}
