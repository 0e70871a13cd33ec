package io.gitops.gateway.api.feed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Long-lived sockets outlive their tokens: the socket is closed with 4401 when the (already
 * verified) token's exp passes, or when a periodic re-check finds it revoked, and the client
 * reconnects with a fresh token.
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
    vertx.setTimer(
        Math.max(1, exp - System.currentTimeMillis()),
        t -> {
          if (!ws.isClosed()) {
            ws.close(FeedOptions.UNAUTHORIZED, "token expired");
          }
        });
  }

  /**
   * Asks {@code check} again every {@code every} while {@code open}: a token revoked since, or an
   * API token past its expiry (it carries no exp to time), runs {@code close}. The timer ends with
   * the connection.
   */
  public static void recheck(
      Vertx vertx,
      Duration every,
      BooleanSupplier open,
      Supplier<Future<?>> check,
      Runnable close) {
    vertx.setPeriodic(
        Math.max(1, every.toMillis()),
        id -> {
          if (!open.getAsBoolean()) {
            vertx.cancelTimer(id);
            return;
          }
          check
              .get()
              .onFailure(
                  err -> {
                    vertx.cancelTimer(id);
                    if (open.getAsBoolean()) {
                      close.run();
                    }
                  });
        });
  }

  /** The exp claim in milliseconds, 0 when it cannot be read (the verifier insists on one). */
  static long expiresAtMillis(String token) {
    try {
      String[] parts = token.split("\\.");
      JsonObject claims =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return claims.getLong("exp", 0L) * 1000;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
