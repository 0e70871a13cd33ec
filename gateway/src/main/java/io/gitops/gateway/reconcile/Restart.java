package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.store.OperationStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What the loop picks up from PostgreSQL at start: the pauses of automated sync, the revision each
 * app last synced (so a restart does not re-sync an app whose policy would not), and the operations
 * a stop cut short. Those are closed as Failed with the reason; one a user asked for (a sync or a
 * rollback) is resumed as a new operation with the same options, which applies only what still
 * differs, so nothing is applied twice. Automated ones need no resume: the first pass decides anew.
 *
 * <p>With several replicas it runs for the apps a replica has just claimed (at its start, or when
 * they moved to it from a lost member): only those apps' operations are closed, and one is resumed
 * only by the replica whose close took it from Running (a conditional update), so exactly once.
 */
final class Restart {
  private static final Logger LOG = Logger.getLogger(Restart.class.getName());

  private final OperationStore operations;
  private final AppRegistry registry;
  private final String replica;

  Restart(OperationStore operations, AppRegistry registry, String replica) {
    this.operations = operations;
    this.registry = registry;
    this.replica = replica;
  }

  /** For the apps just claimed: returns the syncs to resume, per app. */
  Future<Map<AppId, Intent>> recover(Set<AppId> claimed) {
    return operations
        .pauses()
        .compose(
            pauses -> {
              pauses.stream()
                  .filter(p -> claimed.contains(p.app()) && registry.contains(p.app()))
                  .forEach(p -> registry.state(p.app()).pause = p);
              return operations.lastRevisions();
            })
        .compose(
            last -> {
              last.forEach(
                  (id, rev) -> {
                    if (claimed.contains(id) && registry.contains(id)) {
                      registry.state(id).lastSynced = new Revision(rev);
                    }
                  });
              return operations.running();
            })
        .compose(
            running ->
                closeInterrupted(
                    running.stream().filter(op -> claimed.contains(op.app())).toList()));
  }

  private Future<Map<AppId, Intent>> closeInterrupted(List<OperationStore.OperationRow> running) {
    Map<AppId, Intent> resume = new java.util.concurrent.ConcurrentHashMap<>();
    List<Future<Boolean>> closed = new ArrayList<>();
    for (OperationStore.OperationRow op : running) {
      boolean byUser = registry.contains(op.app()) && !automated(op.triggeredBy());
      String reason =
          "interrupted: the gateway replica running it stopped or lost the app (closed by "
              + replica
              + ")"
              + (byUser ? "; resumed as a new operation" : "; the next reconcile decides again");
      Intent again = null;
      if (byUser) {
        boolean rollback = op.options().getBoolean("rollback", false);
        String who = "resume of operation #" + op.id() + " (" + op.triggeredBy() + ")";
        Intent.Choices choices =
            new Intent.Choices(op.options().getBoolean("prune"), op.options().getBoolean("force"));
        again =
            rollback
                ? new Intent.Rollback(who, op.revision(), choices, false)
                : new Intent.Sync(who, choices, false);
        if (op.options().getBoolean("overrideSyncWindow", false)) {
          again = again.overridingSyncWindow();
        }
      }
      Intent resumed = again;
      closed.add(
          operations
              .finish(op.id(), "Failed", reason, List.of())
              .onSuccess(
                  tookIt -> {
                    // false: another replica closed it first, and resumes it if it must
                    if (tookIt) {
                      LOG.info("sync operation #" + op.id() + " of " + op.app() + " " + reason);
                      if (resumed != null) {
                        resume.put(op.app(), resumed);
                      }
                    }
                  }));
    }
    return Future.all(closed).map(done -> Map.copyOf(resume));
  }

  private static boolean automated(String trigger) {
    return trigger.startsWith("auto-sync")
        || trigger.startsWith("self-heal")
        || trigger.startsWith("retry")
        || trigger.startsWith("resume of");
  }
}
