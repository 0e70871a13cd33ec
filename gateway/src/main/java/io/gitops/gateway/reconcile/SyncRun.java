package io.gitops.gateway.reconcile;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.FieldManagers;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.ApplyRateLimiter;
import io.gitops.gateway.sync.OwnershipCheck;
import io.gitops.gateway.sync.ServerDryRun;
import io.gitops.gateway.sync.Syncer;
import io.gitops.gateway.sync.plan.Ownership;
import io.gitops.gateway.sync.plan.SyncOptions;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Comparison → outcome: whether this run applies (the gate), the tenant's rules on every rendered
 * object, the plan, whose the objects are, then the sync itself as an operation written Running
 * before the first write. It decides and runs; it does not settle: what the run means for the app
 * (its status, retries, the operation's last word) is {@link AppReconciler}'s one exit.
 */
final class SyncRun {
  /** How a run ended, for the one exit that settles it. */
  sealed interface Outcome {
    /** Not applied: the gate's message (in sync, not automated, paused, backing off …). */
    record Observed(String message) implements Outcome {}

    /** Nothing differs that a sync could change: this revision is done. */
    record NothingToApply(String message) implements Outcome {}

    /**
     * The tenant's rules or another's objects refuse the whole sync; {@code objects}: why, per
     * object.
     */
    record Refused(String trigger, String reason, Map<ResourceKey, String> objects)
        implements Outcome {}

    /** The sync ran (and may have failed at a step); {@code running}: its operation. */
    record Ran(OperationState running, Syncer.Result result) implements Outcome {}

    /** The sync stopped with an error before it could say how each step went. */
    record Errored(OperationState running, Throwable error) implements Outcome {}
  }

  private final Access access;
  private final ApplyRateLimiter limiter;
  private final Duration waveTimeout;
  private final GatewayMetrics metrics;
  private final LiveState live;
  private final StatusRecorder recorder;

  SyncRun(
      Access access,
      ApplyRateLimiter limiter,
      Duration waveTimeout,
      GatewayMetrics metrics,
      LiveState live,
      StatusRecorder recorder) {
    this.access = access;
    this.limiter = limiter;
    this.waveTimeout = waveTimeout;
    this.metrics = metrics;
    this.live = live;
    this.recorder = recorder;
  }

  Future<Outcome> decide(Reconciliation r) {
    SyncGate.Decision decision = r.gate().decide(r.before(), r.desired().revision());
    if (!decision.sync()) {
      return Future.succeededFuture(new Outcome.Observed(decision.message()));
    }
    // Tenant rules on every rendered object, right before anything is applied: any violation,
    // nothing applied.
    SyncOptions options = options(r.spec(), r.intent());
    List<String> violations = violations(r, options);
    if (!violations.isEmpty()) {
      return Future.succeededFuture(
          new Outcome.Refused(decision.trigger(), policyRefusal(violations), Map.of()));
    }
    SyncPlan plan = plan(r, r.before(), options);
    if (plan.isEmpty() && plan.refusal() == null) {
      String held =
          plan.held().isEmpty()
              ? ""
              : ": "
                  + plan.held().size()
                  + " object(s) not pruned ("
                  + plan.held().values().iterator().next()
                  + ")";
      return Future.succeededFuture(new Outcome.NothingToApply("nothing to apply" + held));
    }
    if (plan.refusal() != null) {
      return run(r, plan, options, decision.trigger());
    }
    // Every object the sync would write, read before any is: one that is someone else's refuses the
    // whole sync.
    return OwnershipCheck.conflicts(r.cluster(), plan, ownership(r.spec(), options))
        .compose(
            conflicts ->
                conflicts.isEmpty()
                    ? run(r, plan, options, decision.trigger())
                    : Future.succeededFuture(
                        new Outcome.Refused(
                            decision.trigger(), sharedRefusal(conflicts), conflicts)));
  }

  /**
   * A dry run: what a sync with the intent's options would create, change and prune, and what the
   * cluster says to each write (a server-side dry-run apply); nothing is stored.
   */
  Future<ServerDryRun.Result> dryRun(Reconciliation r) {
    SyncOptions options = options(r.spec(), r.intent());
    SyncPlan plan = plan(r, r.before(), options);
    String manager = FieldManagers.of(r.spec().id().tenant());
    // The tenant's rules first, as for a real sync: a refused plan asks the cluster nothing.
    List<String> violations = violations(r, options);
    if (!violations.isEmpty()) {
      return ServerDryRun.run(
          r.cluster(), plan.refused(policyRefusal(violations)), options, limiter, manager);
    }
    // Then whose the objects are, as a sync would: another's object is refused, not dry-run
    // applied.
    return OwnershipCheck.conflicts(r.cluster(), plan, ownership(r.spec(), options))
        .compose(
            conflicts ->
                ServerDryRun.run(
                    r.cluster(),
                    conflicts.isEmpty() ? plan : plan.refused(sharedRefusal(conflicts)),
                    options,
                    limiter,
                    manager));
  }

  private Future<Outcome> run(
      Reconciliation r, SyncPlan plan, SyncOptions options, String trigger) {
    AppSpec spec = r.spec();
    ClusterConnection cluster = r.cluster();
    Instant started = Instant.now();
    JsonObject recorded =
        new JsonObject()
            .put("prune", options.prune())
            .put("force", options.force())
            .put("rollback", r.intent().rollback());
    if (r.intent().overridesSyncWindow()) {
      recorded.put(
          "overrideSyncWindow", true); // ran inside a closed sync window because the user said so
    }
    return recorder
        .started(spec.id(), r.desired().revision(), trigger, recorded, started)
        .compose(
            running ->
                Syncer.execute(
                        cluster,
                        plan,
                        options,
                        live.observer(spec.id(), cluster),
                        limiter,
                        ownership(spec, options),
                        FieldManagers.of(spec.id().tenant()),
                        options.createNamespace() ? spec.destination().namespace() : null)
                    .<Outcome>map(result -> new Outcome.Ran(running, result))
                    .otherwise(err -> new Outcome.Errored(running, err))
                    .onSuccess(outcome -> counted(spec, cluster, outcome, started)));
  }

  private void counted(AppSpec spec, ClusterConnection cluster, Outcome outcome, Instant started) {
    String phase =
        outcome instanceof Outcome.Ran ran
            ? (ran.result().failed() ? "Failed" : "Succeeded")
            : "Error";
    String tenant = spec.id().tenant().value();
    metrics.syncFinished(
        tenant, cluster.id().value(), phase, Duration.between(started, Instant.now()));
    metrics.syncCounted(tenant, cluster.id().value(), phase);
  }

  private static SyncPlan plan(Reconciliation r, Comparison c, SyncOptions options) {
    return SyncPlan.of(r.spec().id(), c.desired(), c.diffs(), c.extras(), r.hooks(), options);
  }

  private SyncOptions options(AppSpec spec, Intent intent) {
    Intent.Choices choices = intent.choices();
    return SyncOptions.of(spec.syncPolicy(), waveTimeout)
        .respecting(spec.ignoreDifferences())
        .overriddenBy(choices.prune(), false, choices.force());
  }

  /**
   * The tenant's rules on every rendered object and, with CreateNamespace=true, on the namespace
   * the sync would create: a tenant that may not hold that Namespace is refused before anything is
   * written.
   */
  private List<String> violations(Reconciliation r, SyncOptions options) {
    String namespace = r.spec().destination().namespace();
    if (!options.createNamespace() || namespace == null || namespace.isEmpty()) {
      return access.syncViolations(r.spec(), r.desired().objects());
    }
    List<String> base = access.syncViolations(r.spec(), r.desired().objects());
    Map<String, Object> created =
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", namespace));
    List<String> violations = new java.util.ArrayList<>(base);
    access.syncViolations(r.spec(), List.of(created)).stream()
        .filter(v -> !base.contains(v))
        .forEach(v -> violations.add("CreateNamespace=true: " + v));
    return violations;
  }

  /**
   * Whose objects this app may write: its own; with AdoptUnlabelled=true also unlabelled ones in
   * its destination namespace (the one namespace the app was registered for, not the tenant's
   * others).
   */
  private static Ownership ownership(AppSpec spec, SyncOptions options) {
    String own = spec.destination().namespace();
    return new Ownership(spec.id(), options.adoptUnlabelled(), own::equals);
  }

  private static String policyRefusal(List<String> violations) {
    return "sync refused by tenant policy: " + String.join("; ", violations);
  }

  private static String sharedRefusal(Map<ResourceKey, String> conflicts) {
    return "sync refused: "
        + conflicts.size()
        + " object(s) belong to someone else: "
        + String.join("; ", conflicts.values());
  }
}
