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
 * Every /api route needs a valid bearer token: an OIDC JWT, or an API token ({@code gwt_...}).
 * What the caller may then do is {@link Guard}'s business. Every refusal is a 401 with a reason
 * counted in the metrics; nothing about a token can make this answer 500.
 */
final class BearerAuth implements Handler<RoutingContext> {
  static final String PRINCIPAL = "principal";
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
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(ctx, new AuthenticationException("missing", "missing bearer token"));
      return;
    }
    String token = header.substring(7).trim();
    authenticate(token, Audit.from(ctx)).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(PRINCIPAL, result.result());
        ctx.next();
      } else {
        refuse(ctx, result.cause() instanceof AuthenticationException a ? a : new AuthenticationException("invalid token"));
      }
    });
  }

  /** An OIDC JWT or an API token, for sockets that carry the token elsewhere than this header. */
  Future<Principal> authenticate(String token, String from) {
    try {
      return ApiTokens.looksLikeApiToken(token) ? apiTokens.verify(token, from) : verifier.verify(token);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void refuse(RoutingContext ctx, AuthenticationException e) {
    metrics.authenticationFailed(e.reason());
    ctx.fail(e);
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
