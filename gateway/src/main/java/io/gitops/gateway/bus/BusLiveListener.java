package io.gitops.gateway.bus;

import io.gitops.gateway.cluster.LiveListener;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthResult;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;

/** Hands what informers and probes see to the event bus; the reconcile loop takes it from there. */
public final class BusLiveListener implements LiveListener {
  private final Vertx vertx;
  private final HealthAssessor health;

  public BusLiveListener(Vertx vertx, HealthAssessor health) {
    this.vertx = vertx;
    this.health = health;
  }

  @Override
  public void changed(ClusterId cluster, AppId app) {
    vertx.eventBus().send(Addresses.LIVE_CHANGED, new Messages.LiveChanged(cluster, app));
  }

  @Override
  public void connectivity(ClusterId cluster, boolean connected, String reason) {
    vertx
        .eventBus()
        .publish(Addresses.CLUSTER_STATE, new Messages.ClusterState(cluster, connected, reason));
  }

  /**
   * A status-only update matters when it moves the object's health (Progressing → Healthy, say).
   */
  @Override
  public boolean healthChanged(Map<String, Object> before, Map<String, Object> after) {
    HealthResult was = health.assess(before).orElse(null);
    HealthResult is = health.assess(after).orElse(null);
    return !Objects.equals(was, is);
  }
}
