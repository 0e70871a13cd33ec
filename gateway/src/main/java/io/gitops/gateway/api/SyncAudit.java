package io.gitops.gateway.api;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.store.AuditStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Every sync's outcome in the audit log, whoever started it: the user's sync request is audited
 * when it is made ("requested"); this row says how it ended, and covers what the gateway ran on its
 * own (automated sync, self-heal, retries), with that trigger as the subject.
 */
public final class SyncAudit {
  private static final Logger LOG = Logger.getLogger(SyncAudit.class.getName());

  private SyncAudit() {}

  public static void start(Vertx vertx, AuditStore audit) {
    vertx
        .eventBus()
        .<Messages.OperationChanged>localConsumer(
            Addresses.APP_OPERATION,
            msg -> {
              OperationState op = msg.body().operation();
              if (OperationState.RUNNING.equals(op.phase())) {
                return;
              }
              JsonObject detail =
                  new JsonObject()
                      .put("operation", op.id())
                      .put("revision", op.revision())
                      .put("message", op.message());
              audit
                  .record(
                      new AuditStore.Entry(
                          op.triggeredBy(),
                          msg.body().app().tenant().value(),
                          null,
                          "app.sync.finished",
                          "app/" + msg.body().app().name(),
                          null,
                          op.phase().toLowerCase(Locale.ROOT),
                          detail))
                  .onFailure(
                      err ->
                          LOG.warning(
                              "cannot audit the end of sync #"
                                  + op.id()
                                  + ": "
                                  + err.getMessage()));
            });
  }
}
