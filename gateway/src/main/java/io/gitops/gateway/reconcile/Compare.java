package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.FieldManagers;
import io.gitops.gateway.diff.DiffOptions;
import io.gitops.gateway.diff.IgnoreRule;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Desired and live → a {@link Comparison}: the diff and health of each of the app's objects, on the
 * compare pool (pure functions, but a health script may take its whole budget, and one slow script
 * must not hold the loop). Remembers each app's last diffs for the API.
 */
final class Compare {
  private final WorkerExecutor pool;
  private final HealthAssessor health;
  private final GatewayMetrics metrics;

  /** Any thread may read: the API asks for an app's diffs. */
  private final Map<AppId, List<ObjectDiff>> lastDiffs = new ConcurrentHashMap<>();

  Compare(WorkerExecutor pool, HealthAssessor health, GatewayMetrics metrics) {
    this.pool = pool;
    this.health = health;
    this.metrics = metrics;
  }

  Future<Comparison> of(
      AppSpec spec, List<Map<String, Object>> desired, List<Map<String, Object>> live) {
    DiffOptions options = diffOptions(spec);
    long start = System.nanoTime();
    return pool.<Comparison>executeBlocking(
            () -> Comparison.of(desired, live, options, health), false)
        .onSuccess(
            c -> {
              metrics.compared(Duration.ofNanos(System.nanoTime() - start));
              lastDiffs.put(spec.id(), c.diffs());
            });
  }

  /**
   * The per-object diffs of the app's last comparison (Secret values redacted); empty before the
   * first.
   */
  List<ObjectDiff> lastDiffs(AppId id) {
    return lastDiffs.getOrDefault(id, List.of());
  }

  /** The app's ignoreDifferences on top of the tenant's field manager. */
  private static DiffOptions diffOptions(AppSpec spec) {
    DiffOptions options = new DiffOptions(List.of(), FieldManagers.of(spec.id().tenant()));
    for (AppSpec.IgnoreDifference d : spec.ignoreDifferences()) {
      options = options.withIgnore(IgnoreRule.of(d));
    }
    return options;
  }
}
