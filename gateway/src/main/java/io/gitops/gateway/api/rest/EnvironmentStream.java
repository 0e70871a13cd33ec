package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.Audit;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.api.Environments;
import io.gitops.gateway.api.feed.Authenticator;
import io.gitops.gateway.api.feed.TokenExpiry;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * GET /api/v1/tenants/{tenant}/environments/stream: the environments matrix as server-sent events,
 * sent at once and again whenever one of the tenant's apps changes status (a reconcile after a live
 * change on a cluster included) and every 10 s, coalesced, and only when the rows differ. {@code
 * follow=false}: the first event, then the end. The token is checked again every 30 s and the
 * caller's role before every event.
 */
final class EnvironmentStream {
  private static final long COALESCE_MS = 250;
  private static final long POLL_MS = 10_000;
  private static final Duration RECHECK = Duration.ofSeconds(30);

  private final Access access;
  private final Environments environments;
  private final Authenticator authenticator;

  EnvironmentStream(Access access, Environments environments, Authenticator authenticator) {
    this.access = access;
    this.environments = environments;
    this.authenticator = authenticator;
  }

  void open(RoutingContext ctx, TenantId tenant, Environments.Selection selection, String by) {
    Vertx vertx = ctx.vertx();
    Principal principal = BearerAuth.principal(ctx);
    boolean follow = !"false".equals(ctx.request().getParam("follow"));
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache");
    State state = new State();
    Runnable send =
        () -> {
          state.timer = -1;
          if (state.closed) {
            return;
          }
          if (access.roleIn(principal, tenant).isEmpty()) { // the role went with a tenant edit
            response.end();
            return;
          }
          environments
              .matrix(tenant, selection, by)
              .onSuccess(
                  m -> {
                    String rows = m.getJsonArray("environments").encode();
                    if (!state.closed && !rows.equals(state.last)) {
                      state.last = rows;
                      response.write("event: environments\ndata: " + m.encode() + "\n\n");
                    }
                    if (!follow) {
                      response.end();
                    }
                  })
              .onFailure(
                  err -> {
                    if (!state.closed) {
                      response.end();
                    }
                  });
        };
    send.run();
    if (!follow) {
      return;
    }
    Runnable soon =
        () -> {
          if (state.timer < 0 && !state.closed) {
            state.timer = vertx.setTimer(COALESCE_MS, id -> send.run());
          }
        };
    // Cluster-wide: the apps of the tenant may be owned (and reconciled) by other replicas.
    List<MessageConsumer<?>> consumers =
        List.of(
            vertx
                .eventBus()
                .<Messages.StatusChanged>consumer(
                    Addresses.APP_STATUS,
                    m -> {
                      if (m.body().app().tenant().equals(tenant)) {
                        soon.run();
                      }
                    }));
    // LIVE_CHANGED is point-to-point to the reconcile loop (a consumer here would take its
    // messages): a live change reaches the stream through the status its reconcile publishes, and
    // a slow poll catches what changes no status (an image edited on a cluster under self-heal).
    long poll = vertx.setPeriodic(POLL_MS, id -> soon.run());
    response.closeHandler(
        v -> {
          state.closed = true;
          consumers.forEach(MessageConsumer::unregister);
          vertx.cancelTimer(poll);
          if (state.timer >= 0) {
            vertx.cancelTimer(state.timer);
          }
        });
    String token = BearerAuth.authenticatedToken(ctx);
    TokenExpiry.recheck(
        vertx,
        RECHECK,
        () -> !state.closed,
        () -> authenticator.authenticate(token, Audit.from(ctx)),
        response::end);
  }

  /** One stream's state, touched only on its connection's event loop. */
  private static final class State {
    boolean closed;
    long timer = -1;
    String last;
  }
}
