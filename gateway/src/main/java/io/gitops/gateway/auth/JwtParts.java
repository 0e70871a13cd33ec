package io.gitops.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * A JWT's header and claims, read before any signature check so that a broken token is a clear 401
 * and dangerous algorithms never reach the verifier: {@code none} and the HMAC family are refused
 * outright (an HMAC "signed" with the issuer's public key is the classic forgery).
 */
record JwtParts(JsonObject header, JsonObject claims) {
  static final Set<String> ALLOWED_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  static JwtParts parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new AuthenticationException("malformed", "malformed token: not a signed JWT");
    }
    JsonObject header = json(parts[0], "header");
    JsonObject claims = json(parts[1], "claims");
    String alg = header.getValue("alg") instanceof String s ? s : "";
    if (!ALLOWED_ALGORITHMS.contains(alg)) {
      throw new AuthenticationException(
          "algorithm", "token algorithm '" + alg + "' is not accepted");
    }
    if (parts[2].isEmpty()) {
      throw new AuthenticationException("malformed", "malformed token: no signature");
    }
    return new JwtParts(header, claims);
  }

  private static JsonObject json(String part, String what) {
    try {
      return new JsonObject(
          new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new AuthenticationException(
          "malformed", "malformed token: " + what + " is not base64url JSON");
    }
  }
}
