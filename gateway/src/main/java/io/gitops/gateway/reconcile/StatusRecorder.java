package io.gitops.gateway.reconcile;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.SyncOutcome;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.OperationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The end of the pipeline: what a reconcile found and did, written to PostgreSQL (the app's status,
 * the sync history) and told on the event bus (status for the feeds, operation progress), with the
 * metrics that follow from it (drift detected, commit-to-synced, drift-to-healed). Runs on the
 * loop.
 */
final class StatusRecorder {
  private static final Logger LOG = Logger.getLogger(StatusRecorder.class.getName());

  private final Vertx vertx;
  private final AppRegistry registry;
  private final AppStore apps;
  private final OperationStore operations;
  private final GatewayMetrics metrics;
  private final Ownership ownership;

  StatusRecorder(
      Vertx vertx,
      AppRegistry registry,
      AppStore apps,
      OperationStore operations,
      GatewayMetrics metrics,
      Ownership ownership) {
    this.vertx = vertx;
    this.registry = registry;
    this.apps = apps;
    this.operations = operations;
    this.metrics = metrics;
    this.ownership = ownership;
  }

  /**
   * The status with the repository's trouble (a failing fetch, a target gone) in front of its
   * message: the source says what is wrong, the status says it to people.
   */
  static AppStatus withSourceProblem(AppStatus status, Optional<String> problem) {
    if (problem.isEmpty()) {
      return status;
    }
    String message =
        status.message().isEmpty() ? problem.get() : problem.get() + "; " + status.message();
    return new AppStatus(
        status.sync(),
        status.health(),
        status.healthMessage(),
        status.revision(),
        message,
        status.resources(),
        status.reconciledAt());
  }

  /**
   * What is known when a reconcile fails: sync is Unknown; health too when the cluster cannot be
   * reached (the last verdict may no longer be true), else it keeps the last one seen.
   */
  static AppStatus failed(App app, Throwable err) {
    AppStatus last = app.status();
    boolean unreachable = err instanceof ReconcileException.ClusterUnreachable;
    return new AppStatus(
        SyncStatus.UNKNOWN,
        unreachable ? HealthStatus.UNKNOWN : last.health(),
        unreachable ? err.getMessage() : last.healthMessage(),
        last.revision(),
        String.valueOf(err.getMessage()),
        last.resources(),
        Instant.now());
  }

  /**
   * Records a reconcile's status; {@code started}: when it began (a revision it saw first was seen
   * then).
   */
  Future<AppStatus> record(AppId id, AppStatus status, Instant started) {
    // The fence: a replica that lost the app (paused while another claimed it) records nothing
    return ownership.check(id).compose(held -> recordOwned(id, status, started));
  }

  private Future<AppStatus> recordOwned(AppId id, AppStatus status, Instant started) {
    Optional<App> known = registry.app(id);
    if (known.isEmpty()) {
      return Future.succeededFuture(status);
    }
    App app = known.get();
    if (app.status().sync() == SyncStatus.SYNCED
        && status.sync() == SyncStatus.OUT_OF_SYNC
        && Objects.equals(app.status().revision(), status.revision())) {
      metrics.driftDetected(id.tenant().value(), app.spec().destination().cluster().value());
    }
    if (!status.message().isEmpty() && !status.message().equals(app.status().message())) {
      LOG.info(id + ": " + status.sync().label() + ", " + status.message());
    }
    timings(app, status, started);
    App updated = new App(app.spec(), app.version(), status);
    registry.put(updated);
    metrics.appChanged(app, updated); // O(1): this runs after every reconcile
    vertx.eventBus().publish(Addresses.APP_STATUS, new Messages.StatusChanged(id, status));
    return apps.updateStatus(id, status).map(status);
  }

  /** A sync begins: its operation is written Running before the first write, and announced. */
  Future<OperationState> started(
      AppId id, Revision revision, String trigger, JsonObject options, Instant at) {
    // The fence before a sync's first write to the cluster: a replica that lost the app applies
    // nothing
    return ownership
        .check(id)
        .compose(held -> operations.start(id, revision.commit(), trigger, "", options))
        .map(
            opId -> {
              OperationState running =
                  new OperationState(
                      opId,
                      OperationState.RUNNING,
                      "syncing to " + revision.shortId() + " (" + trigger + ")",
                      revision.commit(),
                      at,
                      trigger);
              announce(id, running);
              return running;
            });
  }

  /** A sync ended: its operation gets its phase, message and per-object results. */
  Future<Void> finished(
      AppId id, OperationState running, String phase, String message, List<SyncOutcome> outcomes) {
    return operations
        .finish(running.id(), phase, message, outcomes)
        .map(
            ok -> {
              announce(id, running.finished(phase, message));
              return null;
            });
  }

  /**
   * A sync refused before it began: a Failed operation in the history, and the app's status with
   * the reason, per refused object too.
   */
  Future<AppStatus> refused(
      AppId id,
      Revision revision,
      String trigger,
      String reason,
      Map<ResourceKey, String> objects,
      AppStatus status) {
    Instant now = Instant.now();
    List<SyncOutcome> outcomes =
        objects.entrySet().stream()
            .<SyncOutcome>map(e -> new SyncOutcome.Failed(e.getKey(), e.getValue()))
            .toList();
    return operations
        .record(
            new OperationStore.Operation(
                id, revision.commit(), trigger, "Failed", reason, outcomes, now))
        .map(
            opId -> {
              announce(
                  id, new OperationState(opId, "Failed", reason, revision.commit(), now, trigger));
              return objects.isEmpty()
                  ? status
                  : new AppStatus(
                      status.sync(),
                      status.health(),
                      status.healthMessage(),
                      status.revision(),
                      status.message(),
                      status.resources().stream()
                          .map(
                              r ->
                                  objects.containsKey(r.key())
                                      ? new ResourceStatus(
                                          r.key(), r.sync(), r.health(), objects.get(r.key()))
                                      : r)
                          .toList(),
                      status.reconciledAt());
            });
  }

  /** Sync history older than {@code retention} is deleted. */
  void expireHistory(Duration retention) {
    operations
        .expire(retention)
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info(n + " sync operations older than " + retention.toDays() + " days deleted");
              }
            })
        .onFailure(err -> LOG.warning("cannot expire sync history: " + err.getMessage()));
  }

  /** Live progress for the feed and GraphQL's syncProgress; the history row is the record. */
  private void announce(AppId id, OperationState operation) {
    vertx.eventBus().publish(Addresses.APP_OPERATION, new Messages.OperationChanged(id, operation));
  }

  /**
   * Commit-to-synced: from a revision first seen to Synced and Healthy; drift-to-healed: from drift
   * seen to Synced.
   */
  private void timings(App app, AppStatus status, Instant started) {
    if (status.revision() == null) {
      return;
    }
    AppSyncState st = registry.state(app.id());
    Instant now = Instant.now();
    Revision revision = new Revision(status.revision());
    if (!revision.equals(st.seenRevision)) {
      st.seenRevision = revision;
      st.revisionSeenAt = started;
    }
    if (status.sync() != SyncStatus.SYNCED) {
      return;
    }
    String tenant = app.id().tenant().value();
    String cluster = app.spec().destination().cluster().value();
    if (st.driftSeenAt != null) {
      metrics.driftToHealed(tenant, cluster, Duration.between(st.driftSeenAt, now));
      st.driftSeenAt = null;
    }
    if (st.revisionSeenAt != null && status.health() == HealthStatus.HEALTHY) {
      metrics.commitToSynced(tenant, cluster, Duration.between(st.revisionSeenAt, now));
      st.revisionSeenAt = null;
    }
  }
}
