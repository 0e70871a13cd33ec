package io.gitops.gateway.api.feed;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/v1/stream/apps}: the live feed as server-sent events, for clients that cannot use
 * WebSocket. Same filter parameters as {@code /ws/status}; resumes from {@code Last-Event-ID}.
 * {@code ?follow=false} answers the snapshot (or the replay) and ends: a list in the feed's shape.
 */
final class StatusStream implements Handler<RoutingContext> {
  private final Access access;
  private final Authenticator verifier;
  private final StatusFeed feed;
  private final FeedStats stats;
  private final AtomicInteger connected;

  StatusStream(
      Access access,
      Authenticator verifier,
      StatusFeed feed,
      FeedStats stats,
      AtomicInteger connected) {
    this.access = access;
    this.verifier = verifier;
    this.feed = feed;
    this.stats = stats;
    this.connected = connected;
  }

  @Override
  public void handle(RoutingContext ctx) {
    FeedRequest request;
    try {
      request = FeedRequest.of(ctx.queryParams(), ctx.request().getHeader("Last-Event-ID"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400, e.getMessage(), e.getMessage().substring(0, e.getMessage().indexOf(':')));
    }
    var response =
        ctx.response()
            .setChunked(true)
            .putHeader("content-type", "text/event-stream")
            .putHeader("cache-control", "no-cache")
            .putHeader("x-accel-buffering", "no");
    response.writeHead();
    connected.incrementAndGet();
    boolean follow = !"false".equals(ctx.request().getParam("follow"));
    if (follow) {
      FlushBatching.install(ctx.request().connection());
    }
    AtomicReference<Subscription> sub = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    Runnable finished =
        () -> {
          if (done.compareAndSet(false, true)) {
            connected.decrementAndGet();
            Subscription s = sub.getAndSet(null);
            if (s != null) {
              feed.unsubscribe(s);
            }
          }
        };
    response.closeHandler(v -> finished.run());
    if (follow) {
      String token = BearerAuth.authenticatedToken(ctx);
      TokenExpiry.recheck(
          ctx.vertx(),
          feed.options().ping(),
          () -> !done.get(),
          () -> verifier.authenticate(token, Audit.from(ctx)),
          () -> response.end()); // the client reconnects: 401
    }
    feed.subscribe(
            request.scope(access, BearerAuth.principal(ctx)),
            request.since(),
            new SseSink(response, follow ? null : finished),
            stats)
        .onSuccess(
            s -> {
              sub.set(s);
              if (done.get() && sub.compareAndSet(s, null)) {
                feed.unsubscribe(
                    s); // ended (one-shot, or the client left) before the feed answered
              }
            })
        .onFailure(ctx::fail);
  }
}
