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
  private final ReconcileLoop loop;

  Restart(OperationStore operations, ReconcileLoop loop) {
    this.operations = operations;
    this.loop = loop;
  }

  /** Returns the syncs to resume, per app. */
  Future<Map<AppId, Intent>> recover() {
    return operations.pauses()
        .compose(pauses -> {
          pauses.stream().filter(p -> loop.apps().containsKey(p.app())).forEach(p -> loop.state(p.app()).pause = p);
          return operations.lastRevisions();
        })
        .compose(last -> {
          last.forEach((id, rev) -> {
            if (loop.apps().containsKey(id)) {
              loop.state(id).lastSynced = new Revision(rev);
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
      boolean byUser = loop.apps().containsKey(op.app()) && !automated(op.triggeredBy());
      String reason = "interrupted: the gateway stopped during this operation"
          + (byUser ? "; resumed as a new operation" : "; the next reconcile decides again");
      if (byUser) {
        boolean rollback = op.options().getBoolean("rollback", false);
        Intent again = new Intent(true, "resume of operation #" + op.id() + " (" + op.triggeredBy() + ")",
            op.options().getBoolean("prune"), op.options().getBoolean("force"), rollback ? op.revision() : null, rollback);
        // A user who overrode a closed sync window (audited then) is not refused by it on the way back.
        resume.put(op.app(), op.options().getBoolean("overrideSyncWindow", false) ? again.overridingSyncWindow() : again);
      }
      LOG.info("sync operation #" + op.id() + " of " + op.app() + " " + reason);
      closed.add(operations.finish(op.id(), "Failed", reason, List.of()));
    }
    return Future.all(closed).map(resume);
  }

  private static boolean automated(String trigger) {
    return trigger.startsWith("auto-sync") || trigger.startsWith("self-heal") || trigger.startsWith("retry")
        || trigger.startsWith("resume of");
  }
}
