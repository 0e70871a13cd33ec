package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.plan.Hooks;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile of one app knows so far, handed from step to step of its chain: each step
 * returns it with one more thing filled in (the cluster, the desired set, the comparison).
 *
 * @param gate decides, from the comparison, whether this run applies; told once how it ended
 * @param lastSeen the objects of the app's last status, whose kinds are watched even when Git
 *     dropped them
 */
record Reconciliation(
    AppSpec spec,
    Intent intent,
    SyncGate gate,
    List<ResourceKey> lastSeen,
    ClusterConnection cluster,
    DesiredSet desired,
    Comparison before) {

  static Reconciliation of(AppSpec spec, Intent intent, SyncGate gate, List<ResourceKey> lastSeen) {
    return new Reconciliation(spec, intent, gate, lastSeen, null, null, null);
  }

  Reconciliation on(ClusterConnection cluster) {
    return new Reconciliation(spec, intent, gate, lastSeen, cluster, desired, before);
  }

  Reconciliation rendered(DesiredSet desired) {
    return new Reconciliation(spec, intent, gate, lastSeen, cluster, desired, before);
  }

  Reconciliation compared(Comparison before) {
    return new Reconciliation(spec, intent, gate, lastSeen, cluster, desired, before);
  }

  /** The desired objects that are compared and applied; hooks run at their phase instead. */
  List<Map<String, Object>> regular() {
    return desired.objects().stream().filter(o -> !Hooks.isHook(o)).toList();
  }

  List<Map<String, Object>> hooks() {
    return desired.objects().stream().filter(Hooks::isHook).toList();
  }

  /** The app's status from a comparison (the one before a sync, or the one after). */
  AppStatus status(Comparison c, String message) {
    return new AppStatus(
        c.sync(),
        c.health().status(),
        c.health().message(),
        desired.revision().commit(),
        message,
        c.resources(),
        Instant.now());
  }
}
