package io.gitops.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks bearer tokens of any OIDC issuer, found through its discovery document. Besides the
 * signature (JWKS, refreshed by vertx-auth on an unknown kid) it insists on exp, iss and aud:
 * vertx-auth accepts a token without exp, which a gateway must not.
 */
public final class TokenVerifier {
  private final OAuth2Auth oauth2;
  private final String issuer;
  private final String audience;

  private TokenVerifier(OAuth2Auth oauth2, String issuer, String audience) {
    this.oauth2 = oauth2;
    this.issuer = issuer;
    this.audience = audience;
  }

  public static Future<TokenVerifier> discover(Vertx vertx, String issuer, String audience) {
    OAuth2Options options = new OAuth2Options()
        .setSite(issuer)
        .setClientId(audience)
        .setJWTOptions(new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)));
    return OpenIDConnectAuth.discover(vertx, options)
        .map(auth -> new TokenVerifier(auth, issuer, audience))
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "oidc.issuer: discovery at " + issuer + " failed: " + err.getMessage())));
  }

  public Future<Principal> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new AuthenticationException("missing bearer token"));
    }
    return oauth2.authenticate(new TokenCredentials(token))
        .recover(err -> Future.failedFuture(new AuthenticationException("invalid token: " + err.getMessage())))
        .compose(this::principal);
  }

  private Future<Principal> principal(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
    if (!claims.containsKey("exp")) {
      return Future.failedFuture(new AuthenticationException("token has no exp claim"));
    }
    if (!issuer.equals(claims.getString("iss"))) {
      return Future.failedFuture(new AuthenticationException("token issuer is not " + issuer));
    }
    Object aud = claims.getValue("aud");
    boolean forUs = aud instanceof String s ? s.equals(audience)
        : aud instanceof JsonArray a && a.contains(audience);
    if (!forUs) {
      return Future.failedFuture(new AuthenticationException("token audience is not " + audience));
    }
    Set<String> groups = new HashSet<>();
    JsonArray g = claims.getJsonArray("groups", new JsonArray());
    g.forEach(v -> groups.add(String.valueOf(v)));
    return Future.succeededFuture(new Principal(claims.getString("sub", "unknown"), groups, claims.getString("jti")));
  }
}
