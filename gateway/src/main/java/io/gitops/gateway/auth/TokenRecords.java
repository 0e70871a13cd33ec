package io.gitops.gateway.auth;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/**
 * Where API tokens are kept, looked up by the hash of their secret (never the secret). Auth owns
 * this interface and {@code store.TokenStore} implements it, so token checks never see SQL.
 */
public interface TokenRecords {
  record Token(
      String id,
      String tenant,
      String name,
      String role,
      String createdBy,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt,
      String lastUsedFrom) {}

  Future<Token> insert(
      String id,
      String tenant,
      String name,
      String role,
      String hash,
      String createdBy,
      Instant expires);

  Future<Optional<Token>> byHash(String hash);

  Future<Void> used(String id, String from);
}
