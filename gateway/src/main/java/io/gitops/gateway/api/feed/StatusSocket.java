package io.gitops.gateway.api.feed;

import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.tenancy.Access;
import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /ws/status}: the live feed over a plain WebSocket. The token comes in the Authorization
 * header or the {@code access_token} query parameter (filter and {@code since} as query
 * parameters), or — for browsers, which cannot set headers — in a first message {@code
 * {"type":"subscribe","token":…,"tenant":…,"app":…,"cluster":…,"since":…}} within 10 s. A bad token
 * closes with 4401, a bad request with 4400, a reader too far behind with 4008. {@code
 * {"type":"ping"}} is answered with {@code {"type":"pong"}}.
 */
public final class StatusSocket implements Handler<RoutingContext> {
  private static final long FIRST_MESSAGE_MS = 10_000;
  private final Vertx vertx;
  private final Authenticator verifier;
  private final Access access;
  private final StatusFeed feed;
  private final FeedStats stats;
  private final Runnable opened;
  private final Runnable closed;

  public StatusSocket(
      Vertx vertx,
      Authenticator verifier,
      Access access,
      StatusFeed feed,
      FeedStats stats,
      Runnable opened,
      Runnable closed) {
    this.vertx = vertx;
    this.verifier = verifier;
    this.access = access;
    this.feed = feed;
    this.stats = stats;
    this.opened = opened;
    this.closed = closed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : ctx.request().getParam("access_token");
    FeedRequest fromQuery;
    try {
      fromQuery = FeedRequest.of(ctx.queryParams(), null);
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).end(e.getMessage());
      return;
    }
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      ctx.response()
          .setStatusCode(400)
          .putHeader("content-type", "application/problem+json")
          .end(
              new JsonObject()
                  .put("type", "about:blank")
                  .put("title", "Bad Request")
                  .put("status", 400)
                  .put("detail", "/ws/status is a WebSocket: send an upgrade request")
                  .encode());
      return;
    }
    ctx.request()
        .toWebSocket()
        .onFailure(
            err -> {
              if (!ctx.response().ended()) {
                ctx.response().setStatusCode(400).end();
              }
            })
        .onSuccess(
            ws -> {
              FlushBatching.install(ctx.request().connection());
              Optional<Channel> frames = FrameChannel.of(ctx.request().connection());
              opened.run();
              AtomicReference<Subscription> sub = new AtomicReference<>();
              ws.closeHandler(
                  v -> {
                    closed.run();
                    Subscription s = sub.getAndSet(null);
                    if (s != null) {
                      feed.unsubscribe(s);
                    }
                  });
              if (token != null) {
                start(ws, frames, token, fromQuery, sub);
                ws.textMessageHandler(text -> answer(ws, text, sub));
              } else {
                AtomicBoolean asked = new AtomicBoolean();
                long timer =
                    vertx.setTimer(
                        FIRST_MESSAGE_MS,
                        t ->
                            ws.close(
                                FeedOptions.UNAUTHORIZED, "no subscribe message with a token"));
                ws.textMessageHandler(
                    text -> {
                      if (asked.getAndSet(true)) {
                        answer(ws, text, sub);
                        return;
                      }
                      vertx.cancelTimer(timer);
                      JsonObject message = parse(ws, text);
                      if (message == null || !"subscribe".equals(message.getString("type"))) {
                        ws.close(
                            FeedOptions.BAD_REQUEST,
                            "the first message must be {\"type\":\"subscribe\",\"token\":...}");
                        return;
                      }
                      try {
                        start(ws, frames, message.getString("token"), FeedRequest.of(message), sub);
                      } catch (IllegalArgumentException | ClassCastException e) {
                        ws.close(FeedOptions.BAD_REQUEST, e.getMessage());
                      }
                    });
              }
            });
  }

  private void start(
      ServerWebSocket ws,
      Optional<Channel> frames,
      String token,
      FeedRequest request,
      AtomicReference<Subscription> sub) {
    String from = ws.remoteAddress() == null ? null : ws.remoteAddress().hostAddress();
    verifier
        .authenticate(token, from)
        .onFailure(err -> ws.close(FeedOptions.UNAUTHORIZED, "invalid token"))
        .onSuccess(principal -> TokenExpiry.closeAtExpiry(vertx, ws, token))
        .onSuccess(
            principal ->
                TokenExpiry.recheck(
                    vertx,
                    feed.options().ping(),
                    () -> !ws.isClosed(),
                    () -> verifier.authenticate(token, from),
                    () -> ws.close(FeedOptions.UNAUTHORIZED, "token no longer valid")))
        .onSuccess(
            (Principal principal) ->
                feed.subscribe(
                        request.scope(access, principal),
                        request.since(),
                        new WebSocketSink(ws, frames),
                        stats)
                    .onSuccess(
                        s -> {
                          if (ws.isClosed()) {
                            feed.unsubscribe(s);
                          } else {
                            sub.set(s);
                          }
                        }));
  }

  private static void answer(ServerWebSocket ws, String text, AtomicReference<Subscription> sub) {
    JsonObject message = parse(ws, text);
    if (message != null && "ping".equals(message.getString("type"))) {
      ws.writeTextMessage("{\"type\":\"pong\"}");
    }
  }

  private static JsonObject parse(ServerWebSocket ws, String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      ws.close(FeedOptions.BAD_REQUEST, "messages must be JSON objects");
      return null;
    }
  }
}
