package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.store.OperationStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What the loop picks up from PostgreSQL at start: the pauses of automated sync, the revision each
 * app last synced (so a restart does not re-sync an app whose policy would not), and the operations
 * a stop cut short. Those are closed as Failed with the reason; one a user asked for (a sync or a
 * rollback) is resumed as a new operation with the same options, which applies only what still
 * differs, so nothing is applied twice. Automated ones need no resume: the first pass decides anew.
 */
final class Restart {
  private static final Logger LOG = Logger.getLogger(Restart.class.getName());

  private final OperationStore operations;
  private final AppRegistry registry;

  Restart(OperationStore operations, AppRegistry registry) {
    this.operations = operations;
    this.registry = registry;
  }

  /** Returns the syncs to resume, per app. */
  Future<Map<AppId, Intent>> recover() {
    return operations
        .pauses()
        .compose(
            pauses -> {
              pauses.stream()
                  .filter(p -> registry.contains(p.app()))
                  .forEach(p -> registry.state(p.app()).pause = p);
              return operations.lastRevisions();
            })
        .compose(
            last -> {
              last.forEach(
                  (id, rev) -> {
                    if (registry.contains(id)) {
                      registry.state(id).lastSynced = new Revision(rev);
                    }
                  });
              return operations.running();
            })
        .compose(this::closeInterrupted);
  }

  private Future<Map<AppId, Intent>> closeInterrupted(List<OperationStore.OperationRow> running) {
    Map<AppId, Intent> resume = new LinkedHashMap<>();
    List<Future<Boolean>> closed = new ArrayList<>();
    for (OperationStore.OperationRow op : running) {
      boolean byUser = registry.contains(op.app()) && !automated(op.triggeredBy());
      String reason =
          "interrupted: the gateway stopped during this operation"
              + (byUser ? "; resumed as a new operation" : "; the next reconcile decides again");
      if (byUser) {
        boolean rollback = op.options().getBoolean("rollback", false);
        String who = "resume of operation #" + op.id() + " (" + op.triggeredBy() + ")";
        Intent.Choices choices =
            new Intent.Choices(op.options().getBoolean("prune"), op.options().getBoolean("force"));
        Intent again =
            rollback
                ? new Intent.Rollback(who, op.revision(), choices, false)
                : new Intent.Sync(who, choices, false);
        resume.put(
            op.app(),
            op.options().getBoolean("overrideSyncWindow", false)
                ? again.overridingSyncWindow()
                : again);
      }
      LOG.info("sync operation #" + op.id() + " of " + op.app() + " " + reason);
      closed.add(operations.finish(op.id(), "Failed", reason, List.of()));
    }
    return Future.all(closed).map(resume);
  }

  private static boolean automated(String trigger) {
    return trigger.startsWith("auto-sync")
        || trigger.startsWith("self-heal")
        || trigger.startsWith("retry")
        || trigger.startsWith("resume of");
  }
}
