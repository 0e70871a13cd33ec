package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.sync.ServerDryRun;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.vertx.core.Future;
import java.util.List;

/**
 * One reconcile of one app, as one flat chain of named steps: cluster → render → watch → compare →
 * sync run → settle. A step that fails ends the chain with a failed future that says which step and
 * why; the loop keeps the app's last good state and nothing is applied. Every run that gets as far
 * as a decision leaves through {@link #settle}: the one place that tells the gate how it ended and
 * writes the operation's last word.
 */
final class AppReconciler {
  /** The rooms a reconcile passes through, in order. */
  record Steps(
      LiveState live, RenderStep render, Compare compare, SyncRun sync, StatusRecorder recorder) {}

  private final Steps steps;

  AppReconciler(Steps steps) {
    this.steps = steps;
  }

  Future<AppStatus> reconcile(
      AppSpec spec, Intent intent, SyncGate gate, List<ResourceKey> lastSeen) {
    steps.live().reconciling(spec.id());
    return Future.succeededFuture(Reconciliation.of(spec, intent, gate, lastSeen))
        .compose(this::cluster)
        .compose(this::render)
        .compose(this::watch)
        .compose(this::compare)
        .compose(r -> steps.sync().decide(r).compose(outcome -> settle(r, outcome)));
  }

  /**
   * A dry run: the same steps up to the plan, then the cluster's answer to each write; nothing is
   * stored and the gate is not asked. What Git holds that cannot be synced (a render error, a name
   * that is not a Kubernetes name) is the dry run's answer, as the sync's refusal would be.
   */
  Future<ServerDryRun.Result> plan(AppSpec spec, Intent intent) {
    return Future.succeededFuture(Reconciliation.of(spec, intent, null, List.of()))
        .compose(this::cluster)
        .compose(this::render)
        .compose(this::watchAlso)
        .recover(AppReconciler::refusedBeforePlan)
        .compose(this::compare)
        .compose(steps.sync()::dryRun)
        .recover(
            err ->
                err instanceof RefusedBeforePlan refused
                    ? Future.succeededFuture(
                        new ServerDryRun.Result(
                            SyncPlan.nothing().refused(refused.getMessage()), List.of()))
                    : Future.failedFuture(err));
  }

  private Future<Reconciliation> cluster(Reconciliation r) {
    return steps.live().cluster(r.spec()).map(r::on);
  }

  private Future<Reconciliation> render(Reconciliation r) {
    return steps.render().desired(r.spec(), r.intent()).map(r::rendered);
  }

  private Future<Reconciliation> watch(Reconciliation r) {
    return steps
        .live()
        .watch(r.spec().id(), r.cluster(), r.desired(), r.lastSeen())
        .map(v -> r.rendered(RenderStep.rescoped(r.desired())));
  }

  /** A dry run's watch: it adds to the kinds the app needs, never takes one away. */
  private Future<Reconciliation> watchAlso(Reconciliation r) {
    return steps
        .live()
        .watchAlso(r.spec().id(), r.cluster(), r.desired())
        .map(v -> r.rendered(RenderStep.rescoped(r.desired())));
  }

  private Future<Reconciliation> compare(Reconciliation r) {
    return comparison(r).map(r::compared);
  }

  private Future<Comparison> comparison(Reconciliation r) {
    return steps
        .compare()
        .of(r.spec(), r.regular(), steps.live().observed(r.spec().id(), r.cluster()));
  }

  /** The one exit of a reconcile that got as far as a decision. */
  private Future<AppStatus> settle(Reconciliation r, SyncRun.Outcome outcome) {
    Revision revision = r.desired().revision();
    if (outcome instanceof SyncRun.Outcome.Observed observed) {
      return Future.succeededFuture(r.status(r.before(), observed.message()));
    }
    if (outcome instanceof SyncRun.Outcome.NothingToApply nothing) {
      r.gate().finished(revision, false, null);
      return Future.succeededFuture(r.status(r.before(), nothing.message()));
    }
    if (outcome instanceof SyncRun.Outcome.Refused refused) {
      // No automated retry of a policy refusal: the rules will not change by retrying.
      r.gate().finished(revision, true, refused.reason());
      return steps
          .recorder()
          .refused(
              r.spec().id(),
              revision,
              refused.trigger(),
              refused.reason(),
              refused.objects(),
              r.status(r.before(), refused.reason()));
    }
    if (outcome instanceof SyncRun.Outcome.Ran ran) {
      var result = ran.result();
      String next = r.gate().finished(revision, result.failed(), result.failure());
      String phase = result.failed() ? "Failed" : "Succeeded";
      String message =
          result.failed()
              ? "sync failed: " + result.failure() + next
              : "synced to " + revision.shortId();
      return steps
          .recorder()
          .finished(r.spec().id(), ran.running(), phase, message, result.outcomes())
          .compose(v -> comparison(r))
          .map(after -> r.status(after, message));
    }
    SyncRun.Outcome.Errored errored =
        (SyncRun.Outcome.Errored) outcome; // the last kind of a sealed type
    Throwable err = errored.error();
    r.gate().finished(revision, true, String.valueOf(err.getMessage()));
    return steps
        .recorder()
        .finished(
            r.spec().id(), errored.running(), "Error", "sync error: " + err.getMessage(), List.of())
        .compose(v -> Future.failedFuture(err));
  }

  private static <T> Future<T> refusedBeforePlan(Throwable err) {
    return err instanceof ReconcileException
            && !(err instanceof ReconcileException.ClusterUnreachable)
        ? Future.failedFuture(new RefusedBeforePlan(err.getMessage()))
        : Future.failedFuture(err);
  }

  private static final class RefusedBeforePlan extends RuntimeException {
    RefusedBeforePlan(String message) {
      super(message, null, false, false);
    }
  }
}
