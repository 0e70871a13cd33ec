package io.gitops.gateway.api;

import io.gitops.gateway.auth.ApiTokens;
import io.gitops.gateway.auth.AuthenticationException;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Every /api route needs a valid bearer token: an OIDC JWT, or an API token ({@code gwt_...}). What
 * the caller may then do is {@link Guard}'s business. Every refusal is a 401 with a reason counted
 * in the metrics; nothing about a token can make this answer 500.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  static final String PRINCIPAL = "principal";
  private static final String TOKEN = "bearer-token";
  private static final String EVENT_STREAM = "/api/v1/stream/apps";
  private final TokenVerifier verifier;
  private final ApiTokens apiTokens;
  private final GatewayMetrics metrics;

  BearerAuth(TokenVerifier verifier, ApiTokens apiTokens, GatewayMetrics metrics) {
    this.verifier = verifier;
    this.apiTokens = apiTokens;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = token(ctx);
    if (token == null) {
      metrics.authenticationFailed("missing");
      ctx.fail(new AuthenticationException("missing", "missing bearer token"));
      return;
    }
    authenticate(token, Audit.from(ctx))
        .onComplete(
            result -> {
              if (result.succeeded()) {
                ctx.put(PRINCIPAL, result.result());
                ctx.put(TOKEN, token);
                ctx.next();
              } else {
                ctx.fail(
                    result.cause() instanceof AuthenticationException a
                        ? a
                        : new AuthenticationException("invalid token"));
              }
            });
  }

  /**
   * The bearer token of the Authorization header; for the event stream also {@code ?access_token=},
   * because a browser's EventSource cannot set headers (only there: elsewhere it would put tokens
   * in URLs and access logs for no reason).
   */
  private static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return ctx.request().path().endsWith(EVENT_STREAM)
        ? ctx.request().getParam("access_token")
        : null;
  }

  /**
   * An OIDC JWT or an API token: this handler's check, and the one of sockets that carry the token
   * elsewhere (WebSocket feed, graphql-ws) or re-check it while they stay open. Failures are
   * counted by reason whichever transport asked.
   */
  public Future<Principal> authenticate(String token, String from) {
    Future<Principal> result;
    try {
      result =
          ApiTokens.looksLikeApiToken(token)
              ? apiTokens.verify(token, from)
              : verifier.verify(token);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.onFailure(
        err ->
            metrics.authenticationFailed(
                err instanceof AuthenticationException a ? a.reason() : "invalid"));
  }

  /** The token this request was authenticated with, for streams that re-check it while open. */
  public static String authenticatedToken(RoutingContext ctx) {
    return ctx.get(TOKEN);
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
