package io.gitops.gateway.api.feed;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Long-lived sockets outlive their tokens: the socket is closed with 4401 when the (already
 * verified) token's exp passes, and the client reconnects with a fresh token.
 */
public final class TokenExpiry {
  private TokenExpiry() {}

  public static void closeAtExpiry(Vertx vertx, ServerWebSocket ws, String token) {
    long exp = expiresAtMillis(token);
    if (exp <= 0) {
      return;
    }
    // No cancel on close: the socket's close handler belongs to its owner; a fired timer on a
    // closed socket does nothing, and the timer lives no longer than the token would.
    vertx.setTimer(Math.max(1, exp - System.currentTimeMillis()), t -> {
      if (!ws.isClosed()) {
        ws.close(FeedOptions.UNAUTHORIZED, "token expired");
      }
    });
  }

  /** The exp claim in milliseconds, 0 when it cannot be read (the verifier insists on one). */
  static long expiresAtMillis(String token) {
    try {
      String[] parts = token.split("\\.");
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return claims.getLong("exp", 0L) * 1000;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
