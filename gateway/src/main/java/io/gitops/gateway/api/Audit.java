package io.gitops.gateway.api;

import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.store.AuditStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Records who did what from where, taken from the request that did it: the subject, the token id
 * (the JWT's jti or the API token's id), the tenant, the action, the target and the outcome.
 */
public final class Audit {
  private final AuditStore store;

  Audit(AuditStore store) {
    this.store = store;
  }

  public Future<Void> record(RoutingContext ctx, AppId app, String action, String outcome) {
    return record(ctx, app.tenant().value(), action, "app/" + app.name(), outcome, null);
  }

  /** Any change: {@code action} like "token.created", {@code target} like "token/ab12". */
  public Future<Void> record(
      RoutingContext ctx,
      String tenant,
      String action,
      String target,
      String outcome,
      JsonObject detail) {
    Principal p = BearerAuth.principal(ctx);
    return store.record(
        new AuditStore.Entry(
            p.subject(), tenant, p.tokenId(), action, target, from(ctx), outcome, detail));
  }

  /** A change made by the gateway on someone's behalf (an app set), not by a request. */
  public Future<Void> recordBy(String subject, AppId app, String action, String outcome) {
    return store.record(
        new AuditStore.Entry(
            subject, app.tenant().value(), null, action, "app/" + app.name(), null, outcome, null));
  }

  public static String from(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null
        ? null
        : ctx.request().remoteAddress().hostAddress();
  }
}
