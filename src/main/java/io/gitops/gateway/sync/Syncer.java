package io.gitops.gateway.sync;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.model.SyncOutcome;
import io.vertx.core.Future;
import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a plan on one cluster, one step after the other (order matters: a Namespace before
 * what goes in it). A failed step is recorded and the sync stops there, so nothing after a
 * failure is applied out of order.
 */
public final class Syncer {
  private Syncer() {}

  /** What a sync did: an outcome per step run, and the objects as the server returned them. */
  public record Result(List<SyncOutcome> outcomes, Map<ResourceKey, Map<String, Object>> applied) {
    public boolean failed() {
      return outcomes.stream().anyMatch(o -> o instanceof SyncOutcome.Failed);
    }
  }

  public static Future<Result> execute(ClusterConnection cluster, SyncPlan plan) {
    Result result = new Result(new ArrayList<>(), new LinkedHashMap<>());
    Future<Boolean> chain = Future.succeededFuture(true);
    for (SyncPlan.Step step : plan.steps()) {
      chain = chain.compose(ok -> ok ? run(cluster, step, result) : Future.succeededFuture(false));
    }
    return chain.map(ok -> result);
  }

  private static Future<Boolean> run(ClusterConnection cluster, SyncPlan.Step step, Result result) {
    Future<SyncOutcome> done;
    if (step instanceof SyncPlan.Apply a) {
      done = cluster.apply(a.object()).map(applied -> {
        result.applied().put(a.key(), applied);
        return a.create() ? new SyncOutcome.Created(a.key()) : new SyncOutcome.Patched(a.key());
      });
    } else {
      done = cluster.delete(step.object()).map(v -> new SyncOutcome.Deleted(step.key()));
    }
    return done
        .recover(err -> Future.succeededFuture(new SyncOutcome.Failed(step.key(), String.valueOf(err.getMessage()))))
        .map(outcome -> {
          result.outcomes().add(outcome);
          return !(outcome instanceof SyncOutcome.Failed);
        });
  }
}
