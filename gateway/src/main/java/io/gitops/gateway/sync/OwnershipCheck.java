package io.gitops.gateway.sync;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.plan.Ownership;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads, before a sync writes anything, every object it would write (applies and hooks) as it is
 * live, and finds those that are someone else's ({@link Ownership}). All are checked before any is
 * applied: a sync with a shared resource applies nothing (no partial apply). The informer's copy is
 * used where it has one; a GET only for objects it does not show (absent, unlabelled). An object
 * whose CustomResourceDefinition comes in the same sync cannot exist yet and is not asked for.
 */
public final class OwnershipCheck {
  private OwnershipCheck() {}

  private record Read(ResourceKey key, String conflict) {}

  /** The objects this sync must not touch, each with why; empty when it may go ahead. */
  public static Future<Map<ResourceKey, String>> conflicts(
      ClusterConnection cluster, SyncPlan plan, Ownership rules) {
    List<SyncPlan.Step> writes = new ArrayList<>(plan.preSync());
    plan.waves()
        .forEach(
            w -> {
              writes.addAll(w.steps());
              writes.addAll(w.hooks()); // Sync hooks are written inside their wave
            });
    writes.addAll(plan.postSync());
    writes.addAll(plan.syncFail());
    Set<String> newKinds = new HashSet<>();
    writes.stream()
        .filter(s -> s.key().kind().equals("CustomResourceDefinition"))
        .forEach(s -> newKinds.add(ServerDryRun.crdKind(s.object())));
    List<Future<Read>> reads = new ArrayList<>();
    for (SyncPlan.Step step : writes) {
      ResourceKey key = step.key();
      if (newKinds.contains(key.group() + "/" + key.kind())) {
        continue;
      }
      reads.add(
          cluster
              .live(step.object())
              .recover(
                  err ->
                      Future.failedFuture(
                          "cannot read " + key + " before writing it: " + err.getMessage()))
              .map(live -> new Read(key, rules.conflict(key, live))));
    }
    return Future.all(reads)
        .map(
            done -> {
              Map<ResourceKey, String> out = new LinkedHashMap<>();
              reads.stream()
                  .map(Future::result)
                  .filter(r -> r.conflict() != null)
                  .forEach(r -> out.put(r.key(), r.conflict()));
              return out;
            });
  }
}
