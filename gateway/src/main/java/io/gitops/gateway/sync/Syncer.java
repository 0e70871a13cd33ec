package io.gitops.gateway.sync;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.SyncOutcome;
import io.gitops.gateway.sync.plan.Hooks;
import io.gitops.gateway.sync.plan.Ownership;
import io.gitops.gateway.sync.plan.RespectIgnored;
import io.gitops.gateway.sync.plan.SyncOptions;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link SyncPlan} on one cluster, one step after the other: PreSync hooks, each wave
 * (and, before the next wave or PostSync hooks, waits until the wave is healthy), prunes, PostSync
 * hooks. The first failure stops the sync there, so nothing after it is applied out of order; then
 * SyncFail hooks run. Every write passes the cluster's rate limiter, applies as the tenant's field
 * manager, and every delete (BeforeHookCreation, hook clean-up, prune) first reads the object from
 * the server and deletes it only if it carries this app's labels ({@link Ownership}).
 */
public final class Syncer {
  private final ClusterConnection cluster;
  private final SyncOptions options;
  private final SyncObserver observer;
  private final ApplyRateLimiter limiter;
  private final Ownership ownership;
  private final String manager;
  private final String createNamespace;
  private final Result result = new Result(new ArrayList<>(), new LinkedHashMap<>(), new String[1]);

  private Syncer(
      ClusterConnection cluster,
      SyncOptions options,
      SyncObserver observer,
      ApplyRateLimiter limiter,
      Ownership ownership,
      String manager,
      String createNamespace) {
    this.createNamespace = createNamespace;
    this.ownership = ownership;
    this.manager = manager;
    this.cluster = cluster;
    this.options = options;
    this.observer = observer;
    this.limiter = limiter;
  }

  /**
   * What a sync did: an outcome per step run, the objects as the server returned them, and why it
   * failed.
   */
  public record Result(
      List<SyncOutcome> outcomes,
      Map<ResourceKey, Map<String, Object>> applied,
      String[] failureHolder) {
    public boolean failed() {
      return failureHolder[0] != null;
    }

    /** The first reason the sync stopped, or null. */
    public String failure() {
      return failureHolder[0];
    }
  }

  /**
   * {@code ownership}: whose objects this sync may delete; {@code manager}: the tenant's field
   * manager.
   */
  public static Future<Result> execute(
      ClusterConnection cluster,
      SyncPlan plan,
      SyncOptions options,
      SyncObserver observer,
      ApplyRateLimiter limiter,
      Ownership ownership,
      String manager) {
    return execute(cluster, plan, options, observer, limiter, ownership, manager, null);
  }

  /**
   * {@code createNamespace}: the namespace {@code CreateNamespace=true} creates first when it is
   * missing (the tenant's rules were checked on it with the plan); null for none.
   */
  public static Future<Result> execute(
      ClusterConnection cluster,
      SyncPlan plan,
      SyncOptions options,
      SyncObserver observer,
      ApplyRateLimiter limiter,
      Ownership ownership,
      String manager,
      String createNamespace) {
    return new Syncer(cluster, options, observer, limiter, ownership, manager, createNamespace)
        .run(plan);
  }

  private Future<Result> run(SyncPlan plan) {
    if (plan.refusal() != null) {
      result.failureHolder()[0] = plan.refusal();
      held(plan);
      return Future.succeededFuture(result);
    }
    Future<Void> chain = namespace().compose(v -> hooks(plan.preSync()));
    for (int i = 0; i < plan.waves().size(); i++) {
      SyncPlan.Wave wave = plan.waves().get(i);
      boolean waitAfter = i < plan.waves().size() - 1 || !plan.postSync().isEmpty();
      chain = chain.compose(v -> wave(wave, waitAfter));
    }
    for (SyncPlan.Step prune : plan.prunes()) {
      chain = chain.compose(v -> step(prune));
    }
    chain = chain.compose(v -> hooks(plan.postSync()));
    return chain.transform(
        done -> {
          held(plan);
          if (done.succeeded()) {
            return Future.succeededFuture(result);
          }
          result.failureHolder()[0] = String.valueOf(done.cause().getMessage());
          return hooks(plan.syncFail()).transform(ignored -> Future.succeededFuture(result));
        });
  }

  /**
   * CreateNamespace=true: the destination namespace, created when missing, untracked as in Argo CD
   * (it is not one of the app's objects and is never pruned with them).
   */
  private Future<Void> namespace() {
    if (createNamespace == null || createNamespace.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, Object> namespace =
        Map.of(
            "apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", createNamespace));
    ResourceKey key = ResourceKey.of(namespace);
    return cluster
        .live(namespace)
        .compose(
            live ->
                live != null
                    ? Future.<Void>succeededFuture()
                    : limiter
                        .acquire(cluster.id())
                        .compose(v -> cluster.apply(namespace, false, manager))
                        .transform(
                            done -> {
                              if (done.failed()) {
                                String why = String.valueOf(done.cause().getMessage());
                                result.outcomes().add(new SyncOutcome.Failed(key, why));
                                return Future.failedFuture(
                                    "CreateNamespace=true: " + key + ": " + why);
                              }
                              result.outcomes().add(new SyncOutcome.Created(key));
                              return Future.succeededFuture();
                            }));
  }

  private void held(SyncPlan plan) {
    plan.held().forEach((key, why) -> result.outcomes().add(new SyncOutcome.Skipped(key, why)));
  }

  private Future<Void> wave(SyncPlan.Wave wave, boolean waitAfter) {
    Future<Void> chain = Future.succeededFuture();
    for (SyncPlan.Step s : wave.steps()) {
      chain = chain.compose(v -> step(s));
    }
    // Argo CD's Sync phase: the wave's hooks run with it, after its objects are applied
    chain = chain.compose(v -> hooks(wave.hooks()));
    String name =
        wave.number() == Integer.MIN_VALUE ? "Namespaces and CRDs" : "wave " + wave.number();
    return waitAfter
        ? chain.compose(v -> observer.awaitHealthy(wave.members(), options.waveTimeout(), name))
        : chain;
  }

  private Future<Void> hooks(List<SyncPlan.Step> hooks) {
    Future<Void> chain = Future.succeededFuture();
    for (SyncPlan.Step h : hooks) {
      SyncPlan.Hook hook = (SyncPlan.Hook) h;
      String what = hook.phase() + " hook " + hook.key();
      chain =
          chain
              .compose(v -> limiter.acquire(cluster.id()))
              // BeforeHookCreation (a Job's spec cannot be changed; the default when the hook names
              // no policy): only a hook of this app's is replaced.
              .compose(
                  v ->
                      Hooks.deleteBeforeCreation(hook.object())
                          ? deleteOwned(hook.key(), hook.object())
                              .onSuccess(deleted -> observer.deleted(hook.key()))
                              .mapEmpty()
                          : Future.<Void>succeededFuture())
              .compose(v -> step(new SyncPlan.Apply(hook.key(), hook.object(), true)))
              .compose(
                  v ->
                      observer
                          .awaitHealthy(List.of(hook.key()), options.waveTimeout(), what)
                          // HookFailed: a failed hook is deleted too; the sync still fails with its
                          // reason.
                          .recover(
                              failed ->
                                  Hooks.deleteOnFailure(hook.object())
                                      ? step(new SyncPlan.Prune(hook.key(), hook.object()))
                                          .transform(d -> Future.<Void>failedFuture(failed))
                                      : Future.failedFuture(failed)))
              .compose(
                  v ->
                      Hooks.deleteOnSuccess(hook.object())
                          ? step(new SyncPlan.Prune(hook.key(), hook.object()))
                          : Future.succeededFuture());
    }
    return chain;
  }

  /**
   * Deletes only what the server says is this app's: never another app's, tenant's or an unlabelled
   * object.
   */
  private Future<Boolean> deleteOwned(ResourceKey key, Map<String, Object> object) {
    return deleteOwned(key, object, null);
  }

  private Future<Boolean> deleteOwned(
      ResourceKey key, Map<String, Object> object, Propagation propagation) {
    return cluster.deleteIf(
        object,
        live ->
            ownership.owns(live)
                ? null
                : java.util.Objects.requireNonNullElse(
                    ownership.conflict(key, live),
                    Ownership.SHARED + ": " + key + " has no tracking labels of this app"),
        propagation);
  }

  /**
   * RespectIgnoreDifferences=true: what an existing object is applied with keeps the live values of
   * the fields the app ignores.
   */
  private Future<Map<String, Object>> respected(SyncPlan.Apply apply) {
    if (options.respected().isEmpty() || apply.create()) {
      return Future.succeededFuture(apply.object());
    }
    return cluster
        .live(apply.object())
        .map(live -> RespectIgnored.merge(apply.object(), live, options.respected()));
  }

  private Future<Void> step(SyncPlan.Step step) {
    Future<SyncOutcome> done =
        limiter
            .acquire(cluster.id())
            .compose(
                v -> {
                  if (step instanceof SyncPlan.Apply a) {
                    Future<Map<String, Object>> written =
                        respected(a)
                            .compose(
                                object ->
                                    cluster.write(
                                        object,
                                        options.writesFor(a.object()),
                                        options.force(),
                                        manager));
                    if (!a.strayLabels().isEmpty()) {
                      written =
                          written.compose(
                              applied ->
                                  cluster.removeLabels(a.object(), a.strayLabels(), manager));
                    }
                    return written.map(
                        applied -> {
                          result.applied().put(a.key(), applied);
                          observer.applied(a.key(), applied);
                          return a.create()
                              ? new SyncOutcome.Created(a.key())
                              : new SyncOutcome.Patched(a.key());
                        });
                  }
                  Future<Boolean> deleted =
                      step instanceof SyncPlan.Prune
                          ? deleteOwned(step.key(), step.object(), options.propagation())
                          : deleteOwned(step.key(), step.object(), null);
                  return deleted.map(
                      v2 -> {
                        observer.deleted(step.key());
                        return (SyncOutcome) new SyncOutcome.Deleted(step.key());
                      });
                });
    return done.recover(
            err ->
                Future.succeededFuture(
                    new SyncOutcome.Failed(step.key(), String.valueOf(err.getMessage()))))
        .compose(
            outcome -> {
              result.outcomes().add(outcome);
              return outcome instanceof SyncOutcome.Failed f
                  ? Future.failedFuture(step.key() + ": " + f.message())
                  : Future.succeededFuture();
            });
  }
}
