package io.gitops.gateway.api;

import io.gitops.gateway.auth.AuthenticationException;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.auth.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Every /api route needs a valid bearer token; what it may then do is {@link Guard}'s business. */
final class BearerAuth implements Handler<RoutingContext> {
  static final String PRINCIPAL = "principal";
  private final TokenVerifier verifier;

  BearerAuth(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(new AuthenticationException("missing bearer token"));
      return;
    }
    verifier.verify(header.substring(7).trim()).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(PRINCIPAL, result.result());
        ctx.next();
      } else {
        ctx.fail(result.cause() instanceof AuthenticationException ? result.cause()
            : new AuthenticationException("invalid token"));
      }
    });
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
