package io.gitops.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks bearer tokens of any OIDC issuer, found through its discovery document. The token is read
 * first ({@link JwtParts}: shape, algorithm) and its exp, iss and aud checked here with a reason
 * each (vertx-auth accepts a token without exp and words audience failures misleadingly); then
 * vertx-auth checks the signature against the JWKS. A kid the JWKS does not know makes one JWKS
 * refresh (coalesced: concurrent misses share it; at most one every 5 s, since a kid is cheap to
 * forge) and one retry: issuers rotate keys.
 */
public final class TokenVerifier {
  private static final long LEEWAY_SECONDS = 30;

  /** Unknown kids are cheap to forge: refresh the JWKS for them at most this often. */
  private static final long MIN_REFRESH_MILLIS = 5_000;

  private final OAuth2Auth oauth2;
  private final String issuer;
  private final String audience;
  private Future<Void> refreshing;
  private long lastRefresh;

  private TokenVerifier(OAuth2Auth oauth2, String issuer, String audience) {
    this.oauth2 = oauth2;
    this.issuer = issuer;
    this.audience = audience;
  }

  public static Future<TokenVerifier> discover(Vertx vertx, String issuer, String audience) {
    JwksKeyFilter.install();
    OAuth2Options options =
        new OAuth2Options()
            .setSite(issuer)
            .setClientId(audience)
            .setJWTOptions(
                new JWTOptions()
                    .setIssuer(issuer)
                    .setAudience(List.of(audience))
                    .setLeeway((int) LEEWAY_SECONDS));
    return OpenIDConnectAuth.discover(vertx, options)
        .map(auth -> new TokenVerifier(auth, issuer, audience))
        .recover(
            err ->
                Future.failedFuture(
                    new IllegalStateException(
                        "oidc.issuer: discovery at " + issuer + " failed: " + err.getMessage())));
  }

  /** The configured issuer (the web UI's login goes there). */
  public String issuer() {
    return issuer;
  }

  /** The audience tokens must carry; the web UI uses it as its OAuth client id. */
  public String audience() {
    return audience;
  }

  public Future<Principal> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new AuthenticationException("missing", "missing bearer token"));
    }
    JwtParts jwt;
    try {
      jwt = JwtParts.parse(token);
      checkClaims(jwt.claims());
    } catch (AuthenticationException e) {
      return Future.failedFuture(e);
    }
    return authenticate(token)
        .recover(
            err ->
                err instanceof NoSuchKeyIdException
                    ? refreshKeys().compose(v -> authenticate(token))
                    : Future.failedFuture(err))
        .recover(
            err ->
                Future.failedFuture(
                    new AuthenticationException(
                        "signature", "invalid token: signature not verified")))
        .map(v -> principal(jwt.claims()));
  }

  private Future<Void> authenticate(String token) {
    return oauth2.authenticate(new TokenCredentials(token)).mapEmpty();
  }

  private synchronized Future<Void> refreshKeys() {
    long now = System.currentTimeMillis();
    if (refreshing == null && now - lastRefresh < MIN_REFRESH_MILLIS) {
      return Future.failedFuture(new AuthenticationException("signature", "unknown signing key"));
    }
    if (refreshing == null) {
      lastRefresh = now;
      refreshing =
          oauth2
              .jWKSet()
              .onComplete(
                  r -> {
                    synchronized (this) {
                      refreshing = null;
                    }
                  });
    }
    return refreshing;
  }

  private void checkClaims(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new AuthenticationException("no_exp", "token has no exp claim");
    }
    if (exp.longValue() + LEEWAY_SECONDS < System.currentTimeMillis() / 1000) {
      throw new AuthenticationException("expired", "token expired");
    }
    if (!issuer.equals(claims.getValue("iss"))) {
      throw new AuthenticationException("issuer", "token issuer is not " + issuer);
    }
    Object aud = claims.getValue("aud");
    boolean forUs =
        aud instanceof String s
            ? s.equals(audience)
            : aud instanceof JsonArray a && a.contains(audience);
    if (!forUs) {
      throw new AuthenticationException("audience", "token audience is not " + audience);
    }
  }

  private static Principal principal(JsonObject claims) {
    Set<String> groups = new HashSet<>();
    if (claims.getValue("groups") instanceof JsonArray g) {
      g.forEach(v -> groups.add(String.valueOf(v)));
    }
    Object sub = claims.getValue("sub");
    Object jti = claims.getValue("jti");
    return new Principal(
        sub instanceof String s ? s : "unknown", groups, jti instanceof String j ? j : null);
  }
}
