package io.gitops.gateway.reconcile;

import io.gitops.gateway.diff.DiffOptions;
import io.gitops.gateway.diff.DiffVerdict;
import io.gitops.gateway.diff.Differ;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.health.AppHealth;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.SyncStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired against live for one app: a diff and a health verdict per object, and the app's sync and
 * health status from them. Pure: the inputs are the render and the informer cache's copy.
 */
record Comparison(
    SyncStatus sync,
    AppHealth health,
    List<ObjectDiff> diffs,
    List<ResourceStatus> resources,
    Map<ResourceKey, Map<String, Object>> desired,
    Map<ResourceKey, Map<String, Object>> extras) {

  static Comparison of(
      List<Map<String, Object>> desiredObjects,
      List<Map<String, Object>> liveObjects,
      DiffOptions options,
      HealthAssessor health) {
    Map<ResourceKey, Map<String, Object>> desired = byKey(desiredObjects);
    Map<ResourceKey, Map<String, Object>> live = byKey(liveObjects);
    List<ObjectDiff> diffs = new ArrayList<>();
    List<ResourceStatus> resources = new ArrayList<>();
    Map<ResourceKey, HealthResult> healths = new LinkedHashMap<>();
    for (var e : desired.entrySet()) {
      Map<String, Object> liveObject = live.remove(e.getKey());
      ObjectDiff diff = Differ.compare(e.getValue(), liveObject, options);
      diffs.add(diff);
      HealthResult h =
          liveObject == null
              ? new HealthResult(HealthStatus.MISSING, "not found on the cluster")
              : health.assess(liveObject).orElse(null);
      if (h != null) {
        healths.put(e.getKey(), h);
      }
      resources.add(
          new ResourceStatus(
              e.getKey(),
              diff.verdict() == DiffVerdict.IN_SYNC ? SyncStatus.SYNCED : SyncStatus.OUT_OF_SYNC,
              h == null ? null : h.status(),
              message(diff, h)));
    }
    for (var e : live.entrySet()) {
      diffs.add(Differ.compare(null, e.getValue(), options));
      resources.add(
          new ResourceStatus(e.getKey(), SyncStatus.OUT_OF_SYNC, null, "no longer in Git"));
    }
    boolean inSync = diffs.stream().allMatch(d -> d.verdict() == DiffVerdict.IN_SYNC);
    return new Comparison(
        inSync ? SyncStatus.SYNCED : SyncStatus.OUT_OF_SYNC,
        AppHealth.aggregate(healths),
        diffs,
        resources,
        desired,
        live);
  }

  /** What a person needs first: which fields drifted, else why it is unhealthy. */
  private static String message(ObjectDiff diff, HealthResult health) {
    if (diff.verdict() == DiffVerdict.MODIFIED) {
      return "drifted: " + String.join(", ", diff.changedPaths());
    }
    if (diff.verdict() == DiffVerdict.MISSING) {
      return "missing from the cluster";
    }
    return health == null ? "" : health.message();
  }

  private static Map<ResourceKey, Map<String, Object>> byKey(List<Map<String, Object>> objects) {
    Map<ResourceKey, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> o : objects) {
      ResourceKey k = ResourceKey.of(o);
      out.put(new ResourceKey(k.group(), k.kind(), k.namespace(), k.name()), o);
    }
    return out;
  }
}
