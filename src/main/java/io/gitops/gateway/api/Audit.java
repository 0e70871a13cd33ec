package io.gitops.gateway.api;

import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.store.AuditStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Records who did what from where, taken from the request that did it. */
final class Audit {
  private final AuditStore store;

  Audit(AuditStore store) {
    this.store = store;
  }

  Future<Void> record(RoutingContext ctx, AppId app, String action, String outcome) {
    Principal p = BearerAuth.principal(ctx);
    String from = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return store.record(new AuditStore.Entry(p.subject(), app.tenant().value(), p.tokenId(), action,
        "app/" + app.name(), from, outcome, null));
  }
}
